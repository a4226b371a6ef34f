"""The public consultation's pages: citizens' sign-up, confirmation and sign-in (``citizens``), a
consultation's page with its contributions, and the forms citizens post there (``pages``)."""

from web.consultation import citizens, feeds, pages
from web.consultation.blueprint import bp

__all__ = ["bp", "citizens", "feeds", "pages"]
