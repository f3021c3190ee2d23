"""What the bot does with a message, written once for every transport."""
