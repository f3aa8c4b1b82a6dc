"""Citizen issues and the closed loop (收集—响应—督办): built in its own issue."""
