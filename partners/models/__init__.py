from .locality import Locality
from .partner import PartnerIndexPage, PartnerPage

__all__ = ["Locality", "PartnerIndexPage", "PartnerPage"]
