"""The station ledger (台账): importing stations' spreadsheets, exporting, people's data.

Errors: `LedgerError` is the root; `cleaning.Unusable` (a cell that cannot be used: the row is
rejected), `sheets.UnreadableFile` (the file cannot be opened) and `importer.ImportRefused`
(rows were rejected, so nothing was applied). Each message is a sentence for a station clerk.
"""


class LedgerError(Exception):
    """Something in a station's data or file; the message says what to do about it."""
