"""Mail: an outbox in the events' database, drained by a sender over a transport (SMTP, or files).

An act never waits for a mail: whoever has one to send puts it in the outbox
(:mod:`application.mail.outbox`), and the sender (:mod:`application.mail.sender`)
delivers it through the transport that the settings name (:mod:`application.mail.transport`),
retrying with back-off while the transport fails.
"""
