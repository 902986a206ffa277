import { describe, expect, it } from 'vitest';
import { packVersion, readPackDir } from '../../functions/domain/forms/pack-files.ts';
import { packJsonText, readPackJson } from '../../functions/domain/studio/pack-json.ts';
import { harborPackDir } from '../support/harbor-pack.ts';

// The one-file pack both ways, with Harbor's real files: what the studio's download writes and its upload reads.
const harbor = readPackDir(harborPackDir);

describe('a pack as one JSON file', () => {
  it('reads back exactly the files it was written from, named by their hash, in path order', () => {
    const text = packJsonText('harbor', harbor);
    const written = JSON.parse(text) as { agency: string; version: string; files: Record<string, string> };
    expect(written.version).toBe(packVersion(harbor));
    expect(Object.keys(written.files)).toEqual([...harbor.keys()].sort());
    expect(readPackJson(text, 'harbor')).toEqual({ agency: 'harbor', files: harbor });
    // A byte order mark, as some editors save one, is not part of the JSON.
    expect(readPackJson(`\uFEFF${text}`, 'harbor').refusal).toBeUndefined();
    // Written in path order whatever order the files came in: two downloads of one version are the same bytes.
    expect(packJsonText('harbor', new Map([...harbor].reverse()))).toBe(text);
  });

  it('refuses what is not a pack, another agency\'s, and paths a pack cannot hold', () => {
    expect(readPackJson('{"agency": "harbor", "files": {', 'harbor')).toEqual({ refusal: 'not-json' });
    expect(readPackJson('[]', 'harbor')).toEqual({ refusal: 'not-a-pack' });
    expect(readPackJson('{"agency": "harbor", "files": {}}', 'harbor')).toEqual({ refusal: 'not-a-pack' });
    expect(readPackJson('{"agency": "harbor", "files": {"agency.json": {}}}', 'harbor')).toEqual({ refusal: 'not-a-pack' });
    expect(readPackJson('{"agency": "../demo", "files": {"agency.json": "{}"}}')).toEqual({ refusal: 'not-a-pack' });
    expect(readPackJson('{"agency": "demo", "files": {"agency.json": "{}"}}', 'harbor')).toEqual({ refusal: 'other-agency', agency: 'demo' });
    expect(readPackJson('{"agency": "harbor", "files": {"agency.json": "{}", "__proto__": "x", "forms/../../x.json": "{}"}}', 'harbor'))
      .toEqual({ refusal: 'not-pack-files', paths: ['__proto__', 'forms/../../x.json'] });
  });

  it('takes any agency when none is expected (the unpack script), naming it', () => {
    expect(readPackJson(packJsonText('harbor', harbor))).toMatchObject({ agency: 'harbor' });
  });
});
