"""The work the app does. Services add to the session; the caller (a view, a command) commits once."""
