"""The blueprint of the moderation's pages (``web.moderation.reports``, ``queue``, ``log``)."""

from flask import Blueprint

bp = Blueprint("moderation", __name__)
