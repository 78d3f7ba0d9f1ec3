/** The --help text of each command: what it does, its options, where tokens come from, its exit codes. */
const TOKENS = `Tokens (never on the command line):
  SCENE_SNAP_SDK_TOKEN              the project's SDK token
  SCENE_SNAP_ROOM_TOKEN_<room uuid> a room's own token (wins over the SDK token)
  --token-file <file>               a file with the SDK token, or JSON {"sdk": "…", "rooms": {"<uuid>": "…"}}
API host: --api <url> or SCENE_SNAP_API (default https://api.netless.link; plain http: only for localhost).
Proxies: HTTPS_PROXY, HTTP_PROXY, NO_PROXY.`;

const COMMON = `  --api <url>            the API host
  --token-file <file>    tokens from a file instead of the environment
  --timeout <seconds>    per call, default 60
  --quiet                no progress
  -h, --help             this help`;

export const HELP: Record<string, string> = {
  main: `scene-snap: server-side screenshots of Agora / Netless whiteboard rooms, and checks of them in CI.

Usage: scene-snap <command> [options]

Commands:
  shot <room> [scene]        a screenshot of one scene (default /init)
  dir <room> [directory]     screenshots of the scenes of a directory (--recursive: and below)
  compare <a.png> <b.png>    compare two PNGs
  check                      shoot every target of scene-snap.json and compare with its baseline

Run scene-snap <command> --help for its options.

Exit codes: 0 all matched / done, 1 differences found, 2 bad usage or checks file, 3 could not capture
(token, network, service).

${TOKENS}`,
  shot: `Usage: scene-snap shot <room uuid> [scene path] [options]

Takes a screenshot of one scene (default /init) and prints its URL.

Options:
  --size <WxH>           picture size in pixels, default 1280x720
  --region <region>      us-sv (default), sg, in-mum, eu, cn-hz
  --out <file.png>       also download the PNG there (checked to be a PNG)
  --json                 print {scene, url, key, bucket, region, file?} as JSON
${COMMON}

Exit codes: 0 done, 2 bad usage, 3 could not capture.

${TOKENS}`,
  dir: `Usage: scene-snap dir <room uuid> [directory] [options]

Takes a screenshot of each scene directly in a scene directory (default /); with --recursive, of every
scene below it (the whole room from /), walking the room's scene list.

Options:
  --recursive            every scene below the directory, not only those directly in it
  --size <WxH>           picture size in pixels, default 1280x720
  --region <region>      us-sv (default), sg, in-mum, eu, cn-hz
  --out <folder>         also download the PNGs there, as <folder>/<scene path>.png
  --json                 print [{scene, url, key, bucket, region, file?}] as JSON
${COMMON}

Exit codes: 0 done, 2 bad usage, 3 could not capture.

${TOKENS}`,
  compare: `Usage: scene-snap compare <a.png> <b.png> [options]

Compares two PNGs pixel by pixel (pixelmatch) and prints the changed pixels and regions.

Options:
  --threshold <0-1>      per-pixel colour tolerance, default 0.1
  --diff <out.png>       write the difference: changed pixels red on a transparent picture
  --json                 print {width, height, changedPixels, changedRatio, boxes, sizeChanged} as JSON
  -h, --help             this help

Exit codes: 0 the same, 1 differences (or sizes differ), 2 bad usage or not a PNG.`,
  check: `Usage: scene-snap check [options]

Shoots every target of the checks file, compares each scene with its baseline PNG and writes
report.html, report.json (reg-cli's reg.json shape) and junit.xml. With GITHUB_ACTIONS set, also
annotations and a step summary.

Options:
  --config <file>        the checks file, default ./scene-snap.json
  --report-dir <dir>     default scene-snap-report/ beside the checks file
  --update=<which>       write baselines: changed (changed and size changed), missing (new ones), all
  --shard <i>/<n>        check only the i-th of n stable parts of the targets (a CI matrix)
  --strict               new scenes (no baseline) and missing ones (a baseline without a scene) fail too
  --concurrency <n>      targets captured at once, default 4
  --settings <file>      sceneSnap.rooms from this settings.json (default .vscode/settings.json beside
                         the checks file, if there), for regions and sizes a target leaves out
${COMMON}

Exit codes: 0 all matched (or, with --update, everything captured and written), 1 differences (changed,
size changed, blank; new and missing with --strict), 2 bad usage or checks file, 3 could not capture
(wins over 1: never 0 when something was not checked).

${TOKENS}`,
};
