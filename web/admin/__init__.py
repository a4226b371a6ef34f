"""The administrators' and organisers' pages: invitations, the mails written on the embedded default."""
