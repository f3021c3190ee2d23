"""Time: reminders and follow-ups. The database holds what is due; APScheduler is the clock."""
