"""The station ledger (台账): importing stations' spreadsheets, exporting, people's data."""
