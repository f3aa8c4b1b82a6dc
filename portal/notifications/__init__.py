"""Notifications: the in-app inbox and delivery by email, SMS and group chat, each recorded."""
