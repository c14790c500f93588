// Copy NHS.UK frontend's icons and its (optional, progressive) JavaScript into static/.
import { cpSync, mkdirSync } from "node:fs";

const source = "node_modules/nhsuk-frontend/dist/nhsuk";
const target = "creative_minds/static/nhsuk";
mkdirSync(target, { recursive: true });
cpSync(`${source}/assets`, `${target}/assets`, { recursive: true });
cpSync(`${source}/nhsuk-frontend.min.js`, `${target}/nhsuk-frontend.min.js`);
