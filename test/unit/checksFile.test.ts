import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { REGIONS, RETIRED_REGIONS } from '../../src/core/api/regions';
import { DEFAULT_BASELINES, DEFAULT_HEIGHT, DEFAULT_THRESHOLD, DEFAULT_WIDTH, TARGET_KEYS, TOP_KEYS, readChecksText, type ChecksProblem } from '../../src/core/checks/checksFile';
import { parseJsonc } from '../../src/core/checks/jsonc';

const FILE = path.resolve('/repo/app/scene-snap.json');
const ROOM = 'faed3130727911ebaea37759ee91947c';

function problemsOf(targets: unknown[], extra: Record<string, unknown> = {}): ChecksProblem[] {
  const read = readChecksText(JSON.stringify({ targets, ...extra }), FILE);
  assert.equal(read.ok, false, 'expected problems');
  return read.ok ? [] : read.problems;
}

/** One target with one bad field: exactly one problem, at that field, with words that say what to do. */
function onlyProblem(field: string, value: unknown, message: RegExp, base: Record<string, unknown> = { name: 'a', room: ROOM, scene: '/init' }): void {
  const problems = problemsOf([{ ...base, [field]: value }]);
  assert.equal(problems.length, 1, JSON.stringify(problems));
  assert.equal(problems[0]!.where, `targets[0].${field}`);
  assert.match(problems[0]!.message, message);
}

describe('checks file: scene-snap.json', () => {
  it('reads a valid file with comments and trailing commas, filling the documented defaults', () => {
    const text = `// the checks of this repository
{
  /* where the PNGs live */
  "baselines": "shots", // relative to this file
  "targets": [
    { "name": "cover", "room": "${ROOM}", "scene": "/test/cover", },
    { "name": "deck", "room": "${ROOM}", "directory": "/test", "region": "gb-lon", "width": 640, "height": 360,
      "threshold": 0, "maxChangedPixels": 10, "maxChangedRatio": 0.01, "masks": [{ "x": 0, "y": 0, "width": 640, "height": 20 }], "allowBlank": true },
    { "name": "all", "room": "${ROOM}", "wholeRoom": true },
  ],
}`;
    const read = readChecksText(text, FILE);
    assert.ok(read.ok, JSON.stringify(!read.ok && read.problems));
    const { config } = read;
    assert.equal(config.folder, path.dirname(FILE));
    assert.equal(config.baselines, path.join(path.dirname(FILE), 'shots'), 'relative to the checks file, not the working directory');
    assert.deepEqual(config.targets[0], { name: 'cover', room: ROOM, kind: 'scene', path: '/test/cover', region: 'us-sv', width: 1280, height: 720, threshold: 0.1, maxChangedPixels: 0, maxChangedRatio: 0, masks: [], allowBlank: false });
    assert.deepEqual(config.targets[1], { name: 'deck', room: ROOM, kind: 'directory', path: '/test', region: 'eu', width: 640, height: 360, threshold: 0, maxChangedPixels: 10, maxChangedRatio: 0.01, masks: [{ x: 0, y: 0, width: 640, height: 20 }], allowBlank: true });
    assert.equal(config.targets[2]!.kind, 'wholeRoom');
    assert.equal(config.targets[2]!.path, '/');
  });

  it('defaults the baselines folder to scene-snap-baselines beside the file', () => {
    const read = readChecksText(JSON.stringify({ targets: [{ name: 'a', room: ROOM, scene: '/init' }] }), FILE);
    assert.ok(read.ok);
    assert.equal(read.config.baselines, path.join(path.dirname(FILE), 'scene-snap-baselines'));
  });

  it('takes region and size from sceneSnap.rooms when the target leaves them out', () => {
    const read = readChecksText(JSON.stringify({ targets: [{ name: 'a', room: ROOM, scene: '/init' }, { name: 'b', room: ROOM, scene: '/init', width: 100 }] }), FILE, [{ uuid: ROOM, region: 'sg', width: 800, height: 600 }]);
    assert.ok(read.ok);
    assert.deepEqual([read.config.targets[0]!.region, read.config.targets[0]!.width, read.config.targets[0]!.height], ['sg', 800, 600]);
    assert.equal(read.config.targets[1]!.width, 100, 'the target wins over the room setting');
  });

  it('says what is wrong with each invalid field, where it is', () => {
    onlyProblem('name', '', /"name" is missing/);
    onlyProblem('name', 'a/b', /usable as a file name/);
    onlyProblem('name', '..', /not \. or \.\./);
    onlyProblem('room', 'not a uuid!', /Room uuid .* may contain only letters/);
    onlyProblem('scene', 'init', /must start with/i);
    onlyProblem('region', 'mars', /region/i);
    onlyProblem('width', 0, /width/i);
    onlyProblem('height', 20000, /height/i);
    onlyProblem('width', '640', /width/i);
    onlyProblem('threshold', 2, /"threshold" .* from 0 to 1/);
    onlyProblem('maxChangedPixels', -1, /"maxChangedPixels" must be a whole number/);
    onlyProblem('maxChangedRatio', 1.5, /"maxChangedRatio" must be a number from 0 to 1/);
    onlyProblem('allowBlank', 'yes', /"allowBlank" must be true or false/);
    onlyProblem('masks', {}, /"masks" must be an array/);
    onlyProblem('colour', 'red', /unknown field "colour"/);
    onlyProblem('wholeRoom', 'yes', /"wholeRoom" must be true/, { name: 'a', room: ROOM });
    onlyProblem('directory', '/x', /exactly one of "scene".*"directory".*"wholeRoom"/);
  });

  it('refuses a target with no scene, directory or whole room', () => {
    const [p] = problemsOf([{ name: 'a', room: ROOM }]);
    assert.equal(p!.where, 'targets[0].scene');
    assert.match(p!.message, /exactly one of/);
  });

  it('refuses masks outside the image, and malformed masks', () => {
    const outside = problemsOf([{ name: 'a', room: ROOM, scene: '/init', width: 100, height: 50, masks: [{ x: 90, y: 0, width: 20, height: 10 }] }]);
    assert.equal(outside.length, 1);
    assert.equal(outside[0]!.where, 'targets[0].masks[0]');
    assert.match(outside[0]!.message, /reaches outside the 100×50 image/);
    const below = problemsOf([{ name: 'a', room: ROOM, scene: '/init', masks: [{ x: 0, y: 719, width: 10, height: 2 }] }]);
    assert.match(below[0]!.message, /outside the 1280×720 image/, 'the default size counts');
    const malformed = problemsOf([{ name: 'a', room: ROOM, scene: '/init', masks: [{ x: -1, y: 0, width: 0, height: 1, z: 1 }] }]);
    assert.deepEqual(malformed.map((p) => p.where).sort(), ['targets[0].masks[0]', 'targets[0].masks[0].z']);
    assert.match(malformed.find((p) => p.where === 'targets[0].masks[0]')!.message, /check x, width/);
  });

  it('refuses two targets of one name (they would share a baseline), case ignored', () => {
    const problems = problemsOf([{ name: 'Deck', room: ROOM, scene: '/a' }, { name: 'deck', room: ROOM, scene: '/b' }]);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.where, 'targets[1].name');
    assert.match(problems[0]!.message, /taken by targets\[0\]/);
  });

  it('refuses a file without targets, unknown top-level fields, a bad baselines folder and broken JSON', () => {
    assert.match(problemsOf([])[0]!.message, /"targets" must be a non-empty array/);
    const top = problemsOf([{ name: 'a', room: ROOM, scene: '/init' }], { baseline: 'x', baselines: '' });
    assert.deepEqual(top.map((p) => p.where).sort(), ['baseline', 'baselines']);
    const broken = readChecksText('{ "targets": [ }', FILE);
    assert.ok(!broken.ok);
    assert.equal(broken.problems[0]!.where, '(file)');
    assert.match(broken.problems[0]!.message, /not valid JSON/);
    const notObject = readChecksText('[]', FILE);
    assert.ok(!notObject.ok);
    assert.match(notObject.problems[0]!.message, /must hold an object/);
  });

  it('reports every problem of a file at once, not only the first', () => {
    const problems = problemsOf([{ name: '', room: ROOM, scene: '/a' }, { name: 'b', room: ROOM, scene: '/b', width: -3 }]);
    assert.deepEqual(problems.map((p) => p.where), ['targets[0].name', 'targets[1].width']);
  });
});

describe('JSON with comments', () => {
  it('drops comments and trailing commas outside strings only', () => {
    assert.deepEqual(parseJsonc('{"a": "// not a comment", /* c */ "b": "/* nor this */", "c": "x,]", "d": [1, 2,], }'), { a: '// not a comment', b: '/* nor this */', c: 'x,]', d: [1, 2] });
    assert.deepEqual(parseJsonc('\uFEFF{"q": "a \\" // b"} // end'), { q: 'a " // b' });
  });

  it('keeps line numbers, so JSON errors point into the file', () => {
    assert.throws(() => parseJsonc('// one\n/* two\nthree */\n{ "a": }'), (err: Error) => err instanceof SyntaxError);
    assert.equal(parseJsonc('// x\n/* y\n */ 1'), 1);
  });
});

describe('checks file: the JSON schema VS Code validates scene-snap.json with', () => {
  const root = path.join(__dirname, '..', '..', '..');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const schema = require(path.join(root, 'media', 'scene-snap.schema.json'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pkg = require(path.join(root, 'package.json'));

  it('is contributed for scene-snap.json, which VS Code reads as JSON with comments', () => {
    assert.deepEqual(pkg.contributes.jsonValidation, [{ fileMatch: 'scene-snap.json', url: './media/scene-snap.schema.json' }]);
    assert.deepEqual(pkg.contributes.languages, [{ id: 'jsonc', filenames: ['scene-snap.json'] }]);
  });

  it('names the same fields as the checker, with the same defaults and regions', () => {
    const target = schema.definitions.target.properties;
    assert.deepEqual(Object.keys(target).sort(), [...TARGET_KEYS].sort());
    assert.deepEqual(Object.keys(schema.properties).sort(), [...TOP_KEYS].sort());
    assert.equal(schema.properties.baselines.default, DEFAULT_BASELINES);
    assert.deepEqual([target.width.default, target.height.default, target.threshold.default], [DEFAULT_WIDTH, DEFAULT_HEIGHT, DEFAULT_THRESHOLD]);
    assert.deepEqual(target.region.enum, [...REGIONS, ...Object.keys(RETIRED_REGIONS)]);
  });
});
