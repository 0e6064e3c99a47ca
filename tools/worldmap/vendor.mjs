// Vendoring-time conversion of Natural Earth 1:110m outlines for the chapters map.
//
// Run once, when the data should change (never during a build):
//   npm ci --prefix tools/worldmap && npm run --prefix tools/worldmap vendor
// Writes plugins/chapterhouse/site/data/world-110m.json: land polygons and
// land borders between countries, in degrees (longitude, latitude), rounded
// to 0.01 degree, cut at the antimeridian, with islands smaller than MIN_AREA
// square degrees and Antarctica left out.
// The Python module chapterhouse.site.worldmap projects and draws them.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { feature, mesh } from "topojson-client";

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const target = join(here, "..", "..", "plugins", "chapterhouse", "site", "data", "world-110m.json");
const atlasVersion = require("world-atlas/package.json").version;
const clientVersion = require("topojson-client/package.json").version;
const world = JSON.parse(readFileSync(require.resolve("world-atlas/countries-110m.json"), "utf8"));

const MIN_AREA = 0.5; // square degrees (about 6,000 km² at the equator)

const round = (value) => Math.round(value * 100) / 100;

// Shoelace area of a ring in square degrees (good enough to sort out islets).
function area(ring) {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    sum += (ring[j][0] + ring[i][0]) * (ring[j][1] - ring[i][1]);
  }
  return Math.abs(sum / 2);
}

// A line as [lon, lat, lon, lat, …], rounded, without repeated points.
function flat(points) {
  const out = [];
  for (const [lon, lat] of points) {
    const x = round(lon);
    const y = round(lat);
    if (out.length >= 2 && out[out.length - 2] === x && out[out.length - 1] === y) continue;
    out.push(x, y);
  }
  return out;
}

// Natural Earth cuts polygons at the antimeridian, but topojson-client stitches
// the merged land back across it (Chukotka, Fiji, Wrangel Island): cut again.
function unwrap(ring) {
  const out = [ring[0]];
  for (const [lon, lat] of ring.slice(1)) {
    let x = lon;
    const previous = out[out.length - 1][0];
    while (x - previous > 180) x -= 360;
    while (x - previous < -180) x += 360;
    out.push([x, lat]);
  }
  return out;
}

// Sutherland–Hodgman against the vertical line lon = x, keeping one side.
function clipAt(ring, x, keepWest) {
  const inside = ([lon]) => (keepWest ? lon <= x : lon >= x);
  const out = [];
  let previous = ring[ring.length - 1];
  for (const point of ring) {
    if (inside(point) !== inside(previous)) {
      const t = (x - previous[0]) / (point[0] - previous[0]);
      out.push([x, previous[1] + t * (point[1] - previous[1])]);
    }
    if (inside(point)) out.push(point);
    previous = point;
  }
  return out;
}

// A ring as rings within [-180, 180].
function cutAtAntimeridian(ring) {
  const open = unwrap(ring.slice(0, -1));
  const pieces = [];
  for (const shift of [-360, 0, 360]) {
    const piece = clipAt(clipAt(open, 180 + shift, true), -180 + shift, false);
    if (piece.length >= 3) pieces.push(piece.map(([lon, lat]) => [lon - shift, lat]));
  }
  return pieces;
}

const land = [];
let droppedRings = 0;
for (const polygon of feature(world, world.objects.land).features.flatMap((f) =>
  f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates,
)) {
  const [outer, ...holes] = polygon;
  if (Math.max(...outer.map(([, lat]) => lat)) < -60) {
    droppedRings += polygon.length; // Antarctica: no chapters there, and it goes round the pole
    continue;
  }
  for (const piece of cutAtAntimeridian(outer)) {
    if (area(piece) < MIN_AREA) {
      droppedRings += 1;
      continue;
    }
    const kept = holes.filter((hole) => area(hole) >= MIN_AREA);
    droppedRings += holes.length - kept.length;
    const rings = [piece, ...kept.map((hole) => hole.slice(0, -1))].map(flat);
    land.push(rings.filter((ring) => ring.length >= 6));
  }
}

const borders = mesh(world, world.objects.countries, (a, b) => a !== b)
  .coordinates.map(flat)
  .filter((line) => line.length >= 4);

const data = {
  source: `Natural Earth 1:110m, version 4.1.0 (public domain), via world-atlas ${atlasVersion} countries-110m.json, converted with topojson-client ${clientVersion}`,
  regenerate: "npm ci --prefix tools/worldmap && npm run --prefix tools/worldmap vendor",
  min_area: MIN_AREA,
  land,
  borders,
};
writeFileSync(target, JSON.stringify(data) + "\n");
const points = land.flat().reduce((n, ring) => n + ring.length / 2, 0);
const borderPoints = borders.reduce((n, line) => n + line.length / 2, 0);
console.log(
  `${target}: ${land.length} polygons, ${points} land points, ${borders.length} border lines ` +
    `(${borderPoints} points), ${droppedRings} rings dropped`,
);
