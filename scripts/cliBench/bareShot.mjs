// @ts-check
// The yardstick of `scene-snap shot`: a bare Node script that makes the same undici POST and writes the PNG.
//   node bareShot.mjs <api> <room> <scene> <out.png>   (token in SCENE_SNAP_SDK_TOKEN)
import { writeFile } from 'node:fs/promises';
import { request } from 'undici';

const [api, room, scene, out] = process.argv.slice(2);
const token = process.env.SCENE_SNAP_SDK_TOKEN ?? '';
const res = await request(`${api}/v5/rooms/${room}/screenshots`, {
  method: 'POST',
  headers: { token, region: 'us-sv', 'content-type': 'application/json' },
  body: JSON.stringify({ width: 1280, height: 720, path: scene }),
});
const { url } = /** @type {{url: string}} */ (await res.body.json());
const png = await request(url);
await writeFile(/** @type {string} */ (out), Buffer.from(await png.body.arrayBuffer()));
