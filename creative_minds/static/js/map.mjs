// Maps of the venues listed on a page (templates/activities/components/venue_map.html).
// Progressive enhancement only: the page, its list and its links work without this file, and
// keyboard and screen-reader users get the list, so the map is hidden from assistive technology
// and holds nothing to tab to. Leaflet and its stylesheet are fetched only when a map is drawn,
// and a folded map (the search results) only when someone opens it, so nobody's browser asks
// the tile server for anything they did not choose to see.

// Leaflet 1.9 is minified only as a UMD script, which, imported, sets window.L.
let leaflet;
function loadLeaflet(holder) {
  leaflet ??= Promise.all([
    import(holder.dataset.leafletUrlValue),
    loadStylesheet(holder.dataset.stylesheetUrlValue),
  ]).then(() => window.L);
  return leaflet;
}

function loadStylesheet(href) {
  return new Promise((resolve, reject) => {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    link.addEventListener("load", resolve);
    link.addEventListener("error", reject);
    document.head.append(link);
  });
}

// A marker's popup: each activity at the place, as a link, with where it meets.
function placeContent(place) {
  const list = document.createElement("ul");
  list.className = "cm-map__places";
  for (const activity of place.activities) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = activity.url;
    link.textContent = activity.title;
    const where = document.createElement("span");
    where.className = "cm-map__where";
    where.textContent = activity.where;
    item.append(link, where);
    list.append(item);
  }
  return list;
}

function attributionHtml(holder) {
  const link = document.createElement("a");
  link.href = holder.dataset.attributionUrl;
  link.textContent = holder.dataset.attribution;
  return link.outerHTML;
}

// The map is hidden from assistive technology (aria-hidden), so nothing in it may take focus:
// Leaflet's zoom buttons, attribution links and popup links and close button are taken out of
// the tab order as they appear. Pointer users still click them.
function keepOutOfTabOrder(element) {
  for (const focusable of element.querySelectorAll("a, button, [tabindex]")) {
    focusable.tabIndex = -1;
  }
}

async function draw(holder, canvas) {
  const L = await loadLeaflet(holder);
  const places = JSON.parse(document.getElementById(holder.dataset.places).textContent);
  const map = L.map(canvas, {
    keyboard: false,
    scrollWheelZoom: false, // the wheel scrolls the page, as it does beside the map
    dragging: !L.Browser.mobile, // one finger scrolls the page on a phone; two pinch the map
    tap: false,
  });
  L.tileLayer(holder.dataset.tileUrlValue, {
    attribution: attributionHtml(holder),
    maxZoom: 19,
    // OpenStreetMap's tile policy asks browsers to say which site wants the tiles; the site's own
    // policy (same-origin) would say nothing. The origin alone says it, never the page's address,
    // whose search words ("dementia", a postcode) are nobody else's business.
    referrerPolicy: "strict-origin",
  }).addTo(map);
  map.attributionControl.setPrefix(false);
  const icon = L.icon({
    iconUrl: holder.dataset.markerUrlValue,
    iconRetinaUrl: holder.dataset.marker2xUrlValue,
    shadowUrl: holder.dataset.markerShadowUrlValue,
    iconSize: [25, 41],
    iconAnchor: [12, 41],
    popupAnchor: [1, -34],
    shadowSize: [41, 41],
  });
  const points = places.map((place) => {
    const point = [place.lat, place.lng];
    L.marker(point, { icon, keyboard: false, alt: "" }).bindPopup(placeContent(place)).addTo(map);
    return point;
  });
  // More room above: a marker stands on its place, 41 pixels tall.
  map.fitBounds(points, { paddingTopLeft: [32, 56], paddingBottomRight: [32, 16], maxZoom: 15 });
  map.on("popupopen", (event) => keepOutOfTabOrder(event.popup.getElement()));
  keepOutOfTabOrder(canvas);
  holder.classList.add("cm-map--drawn");
}

for (const holder of document.querySelectorAll(".cm-map")) {
  holder.classList.add("cm-map--ready");
  const canvas = holder.querySelector(".cm-map__canvas");
  const fold = holder.querySelector("details");
  if (!fold || fold.open) {
    draw(holder, canvas);
  } else {
    fold.addEventListener("toggle", () => draw(holder, canvas), { once: true });
  }
}
