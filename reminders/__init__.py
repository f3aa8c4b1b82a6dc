"""Deadline reminders, supervision (督办), daily digests and duty reminders, sent by a sweep."""
