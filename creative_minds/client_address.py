"""The visitor's IP address: the one place that decides it, for our throttles and django-axes alike.

Behind TRUSTED_PROXY_COUNT proxies, each of which adds the address it was called from to the end of
X-Forwarded-For, the visitor is that many entries from the right: anything further left was sent by
the visitor and could be anything. With no trusted proxy the header is ignored altogether and the
connection's own address (REMOTE_ADDR) is the visitor's.
"""

from django.conf import settings
from ipware import get_client_ip

FORWARDED_FOR = "HTTP_X_FORWARDED_FOR"


def client_address(request) -> str | None:
    """The visitor's address as text, or None when the request carries no usable one."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        # ipware counts the proxies listed in the header after the visitor's own entry; ours counts
        # every proxy, the one that called us included. strict=False lets a visitor's own
        # X-Forwarded-For stand to the left of what our proxies add, without voiding the header.
        address, _ = get_client_ip(
            request, proxy_count=proxies - 1, request_header_order=[FORWARDED_FOR], strict=False
        )
        if address is not None:
            return address
    # No proxy, or a request that reached the site without passing through one.
    address, _ = get_client_ip(request, request_header_order=["REMOTE_ADDR"], strict=False)
    return address
