"""Postcode → point (creative_minds.geo.places) against the shipped ONS/OS tables."""

import math

import pytest
import requests

from creative_minds.geo import places
from creative_minds.geo.models import Postcode, PostcodeArea
from creative_minds.geo.places import PlaceNotFound, bounding_box, distance_miles, locate, normalise
from tests.reference import haversine_miles

pytestmark = pytest.mark.django_db

HD1_2TA = (53.6439, -1.7826)
HX1_1UJ = (53.7244, -1.8607)


@pytest.fixture(autouse=True)
def no_network(monkeypatch, settings):
    """The online fallback is off in tests: any attempt to reach the network fails the test."""
    settings.POSTCODE_ONLINE_FALLBACK_URL = ""

    def refuse(*args, **kwargs):
        pytest.fail(f"requests.get was called with {args!r}: the online postcode fallback must stay off")

    monkeypatch.setattr(requests, "get", refuse)
    monkeypatch.setattr(places.requests, "get", refuse)


class TestNormalise:
    @pytest.mark.parametrize(
        ("typed", "expected"),
        [
            ("HD1 2TA", ("postcode", "HD1 2TA")),
            ("hd1 2ta", ("postcode", "HD1 2TA")),
            ("hd12ta", ("postcode", "HD1 2TA")),
            ("  Hd1   2tA ", ("postcode", "HD1 2TA")),
            ("WF13 1AA", ("postcode", "WF13 1AA")),
            ("hd1", ("district", "HD1")),
            ("HD1 2", ("sector", "HD1 2")),
            ("hd1 2", ("sector", "HD1 2")),
        ],
    )
    def test_standard_form(self, typed, expected):
        assert normalise(typed) == expected

    @pytest.mark.parametrize("garbage", ["banana", "", "   ", "12345", None, "HD1 2TAX", "H", "1HD 2TA"])
    def test_garbage_is_refused_with_the_invalid_message(self, garbage):
        with pytest.raises(PlaceNotFound) as caught:
            normalise(garbage)
        assert str(caught.value) == places.INVALID_MESSAGE


class TestLocate:
    @pytest.mark.parametrize("typed", ["HD1 2TA", "hd1 2ta", "hd12ta", "HD12TA"])
    def test_full_postcode_in_any_form(self, typed):
        place = locate(typed)
        assert place.label == "HD1 2TA"
        assert place.precision == "postcode"
        assert place.latitude == pytest.approx(HD1_2TA[0], abs=1e-4)
        assert place.longitude == pytest.approx(HD1_2TA[1], abs=1e-4)
        assert place.point == (place.latitude, place.longitude)

    def test_spot_check_halifax(self):
        place = locate("hx1 1uj")
        assert (place.label, place.precision) == ("HX1 1UJ", "postcode")
        assert place.point == pytest.approx(HX1_1UJ, abs=1e-4)

    def test_district(self):
        place = locate("hd1")
        area = PostcodeArea.objects.get(compact="HD1")
        assert (place.label, place.precision) == ("HD1", "district")
        assert place.point == (area.latitude, area.longitude)
        # A district centre is near, but not at, any one postcode in it.
        assert 0 < haversine_miles(place.point, HD1_2TA) < 2

    def test_sector(self):
        place = locate("HD1 2")
        area = PostcodeArea.objects.get(compact="HD12")
        assert (place.label, place.precision) == ("HD1 2", "sector")
        assert place.point == (area.latitude, area.longitude)
        assert area.kind == PostcodeArea.Kind.SECTOR

    def test_unknown_but_well_formed_postcode_falls_back_to_its_district(self):
        assert not Postcode.objects.filter(compact="HD11ZZ").exists()
        place = locate("hd1 1zz")
        district = PostcodeArea.objects.get(compact="HD1")
        assert place.label == "HD1 1ZZ"
        assert place.precision == "district"
        assert place.point == (district.latitude, district.longitude)

    def test_district_outside_the_four_boroughs_comes_from_the_uk_table(self):
        place = locate("LS1")
        assert place.precision == "district"
        assert 10 < haversine_miles(place.point, HD1_2TA) < 20  # Leeds city centre

    @pytest.mark.parametrize("typed", ["ZZ9", "ZZ9 9ZZ", "zz99zz"])
    def test_unknown_district_is_not_found_with_a_clear_message(self, typed):
        with pytest.raises(PlaceNotFound) as caught:
            locate(typed)
        message = str(caught.value)
        code = normalise(typed)[1]
        assert message == places.NOT_FOUND_MESSAGE.format(code=code)
        assert f"We could not find {code}" in message

    @pytest.mark.parametrize("garbage", ["1HD 2TA", "", "12345"])
    def test_garbage_is_not_found(self, garbage):
        with pytest.raises(PlaceNotFound) as caught:
            locate(garbage)
        assert str(caught.value) == places.INVALID_MESSAGE

    @pytest.mark.parametrize("garbage", ["banana", "Halifax", "", "12345"])
    def test_a_postcode_only_lookup_refuses_anything_else(self, garbage):
        """For venues and partners: a town name (test_place_names.py) is not a postcode."""
        with pytest.raises(PlaceNotFound) as caught:
            places.locate_postcode(garbage)
        assert str(caught.value) == places.INVALID_MESSAGE

    def test_no_network_when_the_online_fallback_is_off(self, monkeypatch, settings):
        """With POSTCODE_ONLINE_FALLBACK_URL empty, even a postcode we do not hold stays offline."""
        assert settings.POSTCODE_ONLINE_FALLBACK_URL == ""
        calls = []
        monkeypatch.setattr(places.requests, "get", lambda *args, **kwargs: calls.append(args))
        assert locate("HD1 1ZZ").precision == "district"
        assert locate("HX1 1UJ").precision == "postcode"
        with pytest.raises(PlaceNotFound):
            locate("ZZ9 9ZZ")
        assert calls == []

    def test_online_fallback_is_used_only_when_configured(self, monkeypatch, settings):
        """With a URL configured, an unknown postcode asks the service (postcodes.io's shape)."""
        settings.POSTCODE_ONLINE_FALLBACK_URL = "https://postcodes.example/"
        calls = []

        class Response:
            status_code = 200

            @staticmethod
            def json():
                return {"result": {"latitude": 53.65, "longitude": -1.79}}

        def fake_get(url, timeout):
            calls.append((url, timeout))
            return Response()

        monkeypatch.setattr(places.requests, "get", fake_get)
        place = locate("HD1 1ZZ")
        assert calls == [
            ("https://postcodes.example/postcodes/HD11ZZ", settings.POSTCODE_ONLINE_TIMEOUT_SECONDS)
        ]
        assert (place.point, place.precision) == ((53.65, -1.79), "postcode")
        # A postcode in the local table never reaches the network.
        locate("HD1 2TA")
        assert len(calls) == 1

    def test_online_fallback_failure_falls_back_to_the_district(self, monkeypatch, settings):
        settings.POSTCODE_ONLINE_FALLBACK_URL = "https://postcodes.example"

        def broken(url, timeout):
            raise requests.ConnectionError("no network")

        monkeypatch.setattr(places.requests, "get", broken)
        assert locate("HD1 1ZZ").precision == "district"

    def test_point_or_none(self):
        assert places.point_or_none("hd1 2ta") == pytest.approx(HD1_2TA, abs=1e-4)
        assert places.point_or_none("") == (None, None)
        assert places.point_or_none("banana") == (None, None)


class TestDistances:
    def test_distance_matches_an_independent_haversine(self):
        miles = distance_miles(HD1_2TA, HX1_1UJ)
        # geopy converts km to miles with 1/1.609344 rather than 0.621371: a few millionths apart.
        assert miles == pytest.approx(haversine_miles(HD1_2TA, HX1_1UJ), abs=1e-4)
        assert 6 < miles < 7  # Huddersfield to Halifax town centres

    def test_distance_is_zero_to_itself_and_symmetric(self):
        assert distance_miles(HD1_2TA, HD1_2TA) == pytest.approx(0, abs=1e-9)
        assert distance_miles(HD1_2TA, HX1_1UJ) == pytest.approx(distance_miles(HX1_1UJ, HD1_2TA))

    @pytest.mark.parametrize("radius", [0.5, 1, 3, 5, 10, 25, 100])
    def test_bounding_box_contains_every_point_within_the_radius(self, radius):
        centre = HD1_2TA
        min_lat, max_lat, min_lon, max_lon = bounding_box(centre, radius)
        assert min_lat < centre[0] < max_lat and min_lon < centre[1] < max_lon
        # Walk the circle of the radius (just inside it) at every bearing: every point is in the box.
        lat1, lon1 = map(math.radians, centre)
        angular = (radius * 0.999999) / (6371.009 * 0.621371)
        for degrees in range(0, 360, 5):
            bearing = math.radians(degrees)
            lat2 = math.asin(
                math.sin(lat1) * math.cos(angular) + math.cos(lat1) * math.sin(angular) * math.cos(bearing)
            )
            lon2 = lon1 + math.atan2(
                math.sin(bearing) * math.sin(angular) * math.cos(lat1),
                math.cos(angular) - math.sin(lat1) * math.sin(lat2),
            )
            point = (math.degrees(lat2), math.degrees(lon2))
            assert haversine_miles(centre, point) <= radius
            assert min_lat <= point[0] <= max_lat, (degrees, point)
            assert min_lon <= point[1] <= max_lon, (degrees, point)

    def test_bounding_box_keeps_every_real_postcode_within_the_radius(self):
        radius = 3
        min_lat, max_lat, min_lon, max_lon = bounding_box(HD1_2TA, radius)
        inside = [
            point
            for point in Postcode.objects.values_list("latitude", "longitude")
            if haversine_miles(HD1_2TA, point) <= radius
        ]
        assert len(inside) > 1000
        assert all(min_lat <= lat <= max_lat and min_lon <= lon <= max_lon for lat, lon in inside)
        # And it is a useful pre-filter: not much bigger than the circle.
        assert (max_lat - min_lat) * 69.0 < 2 * radius * 1.01
