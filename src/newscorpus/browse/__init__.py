"""browse: a static site generated from a published release (``newscorpus browse``)."""

from .site import SiteReport, build_site, document_html

__all__ = ["SiteReport", "build_site", "document_html"]
