// Copy NHS.UK frontend's icons and its (optional, progressive) JavaScript into static/, and
// Leaflet (the maps: static/js/map.mjs) with its stylesheet and marker pictures.
import { cpSync, mkdirSync } from "node:fs";

const source = "node_modules/nhsuk-frontend/dist/nhsuk";
const target = "creative_minds/static/nhsuk";
mkdirSync(target, { recursive: true });
cpSync(`${source}/assets`, `${target}/assets`, { recursive: true });
cpSync(`${source}/nhsuk-frontend.min.js`, `${target}/nhsuk-frontend.min.js`);

// The minified build, with its source map: collectstatic's hashed storage follows the
// sourceMappingURL comment and stops if the map is missing.
const leaflet = "node_modules/leaflet/dist";
const leafletTarget = "creative_minds/static/leaflet";
mkdirSync(leafletTarget, { recursive: true });
for (const file of ["leaflet.js", "leaflet.js.map", "leaflet.css"]) {
  cpSync(`${leaflet}/${file}`, `${leafletTarget}/${file}`);
}
cpSync(`${leaflet}/images`, `${leafletTarget}/images`, { recursive: true });
cpSync("node_modules/leaflet/LICENSE", `${leafletTarget}/LICENSE`);
