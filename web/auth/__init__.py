"""Accounts and sign-in: the pages, their forms, the server-side sessions."""
