"""The blueprint of the public consultation's pages (``web.consultation.citizens``, ``pages``)."""

from flask import Blueprint

bp = Blueprint("consultation", __name__)
