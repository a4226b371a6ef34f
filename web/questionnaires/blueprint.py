"""The blueprint of the questionnaires' pages (``web.questionnaires.pages``, ``opendata``, ``builder``)."""

from flask import Blueprint

bp = Blueprint("questionnaires", __name__)
