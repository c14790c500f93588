"""The public searches, /activities/ and /partners/, in layers that import only downwards:

cards        what a result card shows (activities.models)
text_index   the words of each published activity, stemmed, with the staff's synonyms
facet_index  the in-memory index of the published activities, with their cards and words
understanding  words typed that name a filter ("free", "Saturday", "Halifax"), read as that filter
filters      the django-filter ActivityFilter and the search form, over the index
selectors    one search: filter, count each facet, order, paginate
views        /activities/ (creative_minds/urls.py), rendering the ActivityIndexPage
partner_index  the partner directory's in-memory index (partners.directory searches it)
partner_views  /partners/ (creative_minds/urls.py), rendering the PartnerIndexPage
"""
