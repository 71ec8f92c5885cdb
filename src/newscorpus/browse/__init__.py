"""browse: a static site generated from a published release (``newscorpus browse``)."""

from .site import SiteReport, browse_release, build_browse, build_site, document_html

__all__ = ["SiteReport", "browse_release", "build_browse", "build_site", "document_html"]
