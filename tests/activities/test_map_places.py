"""The places on a map (activities.detail.map_places): one for each venue, each listing the
activities there; nothing for an activity with no coordinates or that meets only online."""

from activities.detail import MapItem, map_places


def item(title, where="Town Hall, HD1 2TA (Kirklees)", latitude=53.6458, longitude=-1.7850):
    return MapItem(title=title, url=f"/{title}/", where=where, latitude=latitude, longitude=longitude)


def test_activities_at_one_venue_share_a_place_in_the_order_given():
    places = map_places(
        [
            item("Choir"),
            item("Batley singers", where="Library, WF17 5AB (Kirklees)", latitude=53.7, longitude=-1.63),
            item("Ukulele"),
        ]
    )
    assert places == [
        {
            "lat": 53.6458,
            "lng": -1.785,
            "activities": [
                {"title": "Choir", "url": "/Choir/", "where": "Town Hall, HD1 2TA (Kirklees)"},
                {"title": "Ukulele", "url": "/Ukulele/", "where": "Town Hall, HD1 2TA (Kirklees)"},
            ],
        },
        {
            "lat": 53.7,
            "lng": -1.63,
            "activities": [
                {
                    "title": "Batley singers",
                    "url": "/Batley singers/",
                    "where": "Library, WF17 5AB (Kirklees)",
                }
            ],
        },
    ]


def test_online_only_and_unplaced_activities_have_no_place():
    assert map_places([item("Online", where="Online"), item("Nowhere", latitude=None, longitude=None)]) == []
