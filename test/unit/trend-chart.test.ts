import { describe, expect, it } from 'vitest';
import type { ScoreSeries } from '../../functions/domain/outcomes/score-trends.ts';
import { escapeXml, trendChartSvg, trendTableRows } from '../../functions/domain/outcomes/trend-chart.ts';
import { trendViews } from '../../functions/domain/outcomes/trend-view.ts';

/**
 * A strict reader of the XML the chart writes: elements, double-quoted attributes and text, with the five
 * predefined entities and character references. It throws on anything not well-formed (unclosed or misnested tags,
 * a raw `<` or `&`, duplicate attributes, characters XML forbids, content after the root), so a chart that reads
 * here also reads in an .svg file, where browsers refuse ill-formed XML, not only inline in HTML, which forgives it.
 */
interface XmlElement {
  readonly name: string;
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: ReadonlyArray<XmlElement | string>;
}

function parseXml(xml: string): XmlElement {
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.test(xml)) throw new Error('a character XML forbids');
  let at = 0;
  const fail = (message: string): never => { throw new Error(`${message} at ${at}: ${JSON.stringify(xml.slice(at, at + 40))}`); };
  const NAME = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;
  const name = () => {
    NAME.lastIndex = at;
    const match = NAME.exec(xml) ?? fail('a name expected');
    at = NAME.lastIndex;
    return match[0];
  };
  const decode = (raw: string) => {
    if (/[<]/.test(raw)) fail('a raw "<"');
    return raw.replace(/&([^;]*);?/g, (entity: string, body: string) => {
      if (!entity.endsWith(';')) fail(`an unterminated entity ${entity}`);
      const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
      if (body in named) return named[body]!;
      const code = /^#x([0-9a-fA-F]+)$/.exec(body)?.[1] ?? /^#([0-9]+)$/.exec(body)?.[1];
      if (code === undefined) return fail(`an unknown entity &${body};`);
      return String.fromCodePoint(body.startsWith('#x') ? parseInt(code, 16) : Number(code));
    });
  };
  const skipSpace = () => { while (/\s/.test(xml[at] ?? '')) at++; };
  const element = (): XmlElement => {
    if (xml[at] !== '<') fail('"<" expected');
    at++;
    const tag = name();
    const attributes = new Map<string, string>();
    for (;;) {
      const before = at;
      skipSpace();
      if (xml.startsWith('/>', at)) {
        at += 2;
        return { name: tag, attributes, children: [] };
      }
      if (xml[at] === '>') {
        at++;
        break;
      }
      if (at === before) fail('space expected before an attribute');
      const attribute = name();
      if (attributes.has(attribute)) fail(`a second ${attribute} attribute`);
      if (xml[at] !== '=' || xml[at + 1] !== '"') fail('="…" expected');
      const end = xml.indexOf('"', at + 2);
      if (end < 0) fail('an unterminated attribute');
      attributes.set(attribute, decode(xml.slice(at + 2, end)));
      at = end + 1;
    }
    const children: Array<XmlElement | string> = [];
    for (;;) {
      const next = xml.indexOf('<', at);
      if (next < 0) fail(`</${tag}> missing`);
      if (next > at) children.push(decode(xml.slice(at, next)));
      at = next;
      if (xml.startsWith('</', at)) {
        at += 2;
        if (name() !== tag) fail(`</${tag}> expected`);
        skipSpace();
        if (xml[at] !== '>') fail('">" expected');
        at++;
        return { name: tag, attributes, children };
      }
      if (xml.startsWith('<!', at) || xml.startsWith('<?', at)) fail('no comments, declarations or processing instructions expected');
      children.push(element());
    }
  };
  const root = element();
  if (xml.slice(at).trim() !== '') fail('content after the root element');
  return root;
}

const all = (node: XmlElement, name: string): XmlElement[] =>
  [...(node.name === name ? [node] : []), ...node.children.flatMap((child) => (typeof child === 'string' ? [] : all(child, name)))];
const textOf = (node: XmlElement): string => node.children.map((child) => (typeof child === 'string' ? child : textOf(child))).join('');
const texts = (svg: XmlElement) => all(svg, 'text').map(textOf);

const phq9: ScoreSeries = {
  formId: 'phq-9', scoreName: 'total', title: 'PHQ-9 total', max: 27,
  points: [
    { at: '2026-01-05T15:00:00.000Z', value: 18, band: 'Moderately severe' },
    { at: '2026-02-02T15:00:00.000Z', value: 11, band: 'Moderate' },
    { at: '2026-03-01T15:00:00.000Z', value: 6, band: 'Mild' },
  ],
};
const days = (count: number) => Array.from({ length: count }, (_, index) => new Date(Date.UTC(2026, 0, 5 + 14 * index)).toISOString());
const HOSTILE = '</title><script>alert(1)</script><title x="y"> & &amp; \' "';

describe('the XML reader the chart is checked with', () => {
  it.each([
    ['an unclosed element', '<svg><g></svg>'],
    ['a raw "<" in text', '<svg><title>a < b</title></svg>'],
    ['a raw "&"', '<svg><title>a & b</title></svg>'],
    ['an unknown entity', '<svg><title>&nbsp;</title></svg>'],
    ['a raw "<" in an attribute', '<svg x="<"/>'],
    ['a duplicate attribute', '<svg x="1" x="2"/>'],
    ['an unquoted attribute', '<svg x=1/>'],
    ['a second root', '<svg/><svg/>'],
    ['a NUL character', '<svg><title>\u0000</title></svg>'],
  ])('refuses %s', (_, xml) => {
    expect(() => parseXml(xml)).toThrow();
  });
});

describe('the trend chart', () => {
  it('is well-formed SVG that says what it shows: role img, a title and a description of every point', () => {
    const svg = parseXml(trendChartSvg(phq9));
    expect(svg.name).toBe('svg');
    expect(svg.attributes.get('xmlns')).toBe('http://www.w3.org/2000/svg');
    expect(svg.attributes.get('viewBox')).toBe('0 0 320 140');
    expect(svg.attributes.get('role')).toBe('img');
    const [title] = all(svg, 'title');
    const [desc] = all(svg, 'desc');
    expect(textOf(title!)).toBe('PHQ-9 total');
    expect(textOf(desc!)).toBe('PHQ-9 total: 18 on 2026-01-05, 11 on 2026-02-02, 6 on 2026-03-01');
    expect(svg.attributes.get('aria-labelledby')).toBe(title!.attributes.get('id'));
    expect(svg.attributes.get('aria-describedby')).toBe(desc!.attributes.get('id'));
  });

  it('draws in the agency\'s colour when given one, and in the default ink for anything but #rrggbb', () => {
    expect(trendChartSvg(phq9, { ink: '#6a1b4d' })).toContain('stroke="#6a1b4d"');
    expect(trendChartSvg(phq9, { ink: '#6a1b4d' })).toContain('fill="#6a1b4d"');
    expect(trendViews([phq9], { locale: 'en', timeZone: 'UTC', ink: '#6a1b4d' })[0]!.svg).toContain('stroke="#6a1b4d"');
    expect(trendChartSvg(phq9)).toContain('stroke="#1f4e79"');
    expect(trendChartSvg(phq9, { ink: '"/><script>' })).not.toContain('script');
  });

  it('labels every point with its value and date, and the value axis from 0 to the instrument\'s maximum', () => {
    const svg = parseXml(trendChartSvg(phq9));
    expect(texts(svg)).toEqual(expect.arrayContaining(['18', '11', '6', '2026-01-05', '2026-02-02', '2026-03-01']));
    expect(all(svg, 'circle')).toHaveLength(3);
    expect(all(svg, 'polyline')).toHaveLength(1);
    const ticks = (series: ScoreSeries) => all(parseXml(trendChartSvg(series)), 'text').filter((text) => text.attributes.get('text-anchor') === 'end').map(textOf);
    expect(ticks(phq9)).toEqual(['0', '10', '20', '27']);
    // 20 would sit on top of GAD-7's 21: the top of the scale wins.
    expect(ticks({ ...phq9, title: 'GAD-7 total', max: 21 })).toEqual(['0', '10', '21']);
    // Without a declared maximum: a round number above the data, in whole steps for whole scores.
    expect(ticks({ ...phq9, max: undefined, points: [{ at: days(1)[0]!, value: 7 }] })).toEqual(['0', '5', '10']);
    expect(ticks({ ...phq9, max: 5, points: [{ at: days(1)[0]!, value: 9 }] })).toEqual(['0', '5', '10']);
  });

  it('draws a single point in the middle, with its value and date, and no line', () => {
    const one: ScoreSeries = { ...phq9, points: [phq9.points[0]!] };
    const svg = parseXml(trendChartSvg(one));
    const [circle] = all(svg, 'circle');
    expect(all(svg, 'circle')).toHaveLength(1);
    expect(all(svg, 'polyline')).toHaveLength(0);
    expect(Number(circle!.attributes.get('cx'))).toBeCloseTo(170, 0);
    expect(texts(svg)).toEqual(expect.arrayContaining(['18', '2026-01-05']));
    expect(textOf(all(svg, 'desc')[0]!)).toBe('PHQ-9 total: 18 on 2026-01-05');
  });

  it('still draws its axes, and says so, without points', () => {
    const svg = parseXml(trendChartSvg({ ...phq9, points: [] }));
    expect(all(svg, 'circle')).toHaveLength(0);
    expect(textOf(all(svg, 'desc')[0]!)).toBe('PHQ-9 total: no scores yet');
  });

  it('keeps many points readable: every point drawn and valued, dates thinned back from the latest', () => {
    const series: ScoreSeries = { ...phq9, points: days(12).map((at, index) => ({ at, value: 20 - index })) };
    const svg = parseXml(trendChartSvg(series));
    expect(all(svg, 'circle')).toHaveLength(12);
    const dateLabels = texts(svg).filter((text) => /^\d{4}-/.test(text));
    expect(dateLabels.length).toBeLessThan(12);
    expect(dateLabels.at(-1)).toBe(days(12).at(-1)!.slice(0, 10));
    expect(textOf(all(svg, 'desc')[0]!).split(', ')).toHaveLength(12);
  });

  it('escapes hostile titles and labels, so they stay text in the SVG and in the page around it', () => {
    const hostile: ScoreSeries = { formId: '"><script>', scoreName: 'x y', title: HOSTILE, points: [{ at: '2026-01-05T00:00:00Z', value: 3 }] };
    const markup = trendChartSvg(hostile, { formatDate: () => '<img src=x onerror=alert(1)>' });
    expect(markup).not.toMatch(/<script|<img|<title x/);
    const svg = parseXml(markup);
    expect(textOf(all(svg, 'title')[0]!)).toBe(HOSTILE);
    expect(textOf(all(svg, 'desc')[0]!)).toBe(`${HOSTILE}: 3 on <img src=x onerror=alert(1)>`);
    expect(texts(svg)).toContain('<img src=x onerror=alert(1)>');
    // Ids come from the form and score ids: made valid names rather than escaped.
    expect(svg.attributes.get('aria-labelledby')).toMatch(/^[A-Za-z][-A-Za-z0-9_]*$/);
    expect(parseXml(trendChartSvg(hostile, { id: '1 "x"' })).attributes.get('aria-labelledby')).toMatch(/^[A-Za-z][-A-Za-z0-9_]*-title$/);
  });

  it('drops characters no XML may contain rather than write an ill-formed chart', () => {
    const svg = parseXml(trendChartSvg({ ...phq9, title: 'PHQ\u0000-9\u0008 \uD800total\uFFFF' }));
    expect(textOf(all(svg, 'title')[0]!)).toBe('PHQ-9 total');
    expect(escapeXml('😀 & <b>')).toBe('😀 &amp; &lt;b&gt;');
  });

  it('styles with presentation attributes only and loads or runs nothing, for a strict Content-Security-Policy', () => {
    for (const series of [phq9, { ...phq9, points: [phq9.points[0]!] }, { ...phq9, points: [] }]) {
      const markup = trendChartSvg(series);
      expect(markup).not.toMatch(/\sstyle=|<style|<script|<foreignObject|<image|<use|href|url\(|@import|\son[a-z]+=/i);
      expect(markup).toMatch(/ fill="#/);
    }
  });

  it('sets a right-to-left label in its own direction, inside a chart laid out left to right', () => {
    const markup = trendChartSvg(phq9, { formatDate: (at) => (at.startsWith('2026-01') ? '5 يناير 2026' : at.slice(0, 10)) });
    const svg = parseXml(markup);
    expect(svg.attributes.get('direction')).toBe('ltr');
    const arabic = all(svg, 'text').find((text) => textOf(text) === '5 يناير 2026');
    expect(arabic!.attributes.get('direction')).toBe('rtl');
    expect(all(svg, 'text').find((text) => textOf(text) === '2026-02-02')!.attributes.has('direction')).toBe(false);
  });
});

describe('the trend table', () => {
  it('has a row per point, oldest first, with the chart\'s dates and values and the band', () => {
    expect(trendTableRows(phq9)).toEqual([
      { date: '2026-01-05', value: '18', band: 'Moderately severe' },
      { date: '2026-02-02', value: '11', band: 'Moderate' },
      { date: '2026-03-01', value: '6', band: 'Mild' },
    ]);
    expect(trendTableRows({ ...phq9, points: [{ at: '2026-01-05T00:00:00Z', value: 2.5 }] }, { formatValue: (value) => value.toFixed(1) }))
      .toEqual([{ date: '2026-01-05', value: '2.5' }]);
  });
});

describe('trend views', () => {
  it('write dates in the document\'s language, on the day it was where the agency is', () => {
    // 03:00 UTC on 6 January is still 5 January in Chicago.
    const series: ScoreSeries = { ...phq9, points: [{ at: '2026-01-06T03:00:00.000Z', value: 18, band: 'Moderately severe' }, phq9.points[1]!] };
    const [english] = trendViews([series], { locale: 'en', timeZone: 'America/Chicago' });
    expect(english!.rows.map((row) => row.date)).toEqual(['Jan 5, 2026', 'Feb 2, 2026']);
    // Commas inside the dates: the points are separated by semicolons.
    expect(textOf(all(parseXml(english!.svg), 'desc')[0]!)).toBe('PHQ-9 total: 18 on Jan 5, 2026; 11 on Feb 2, 2026');
    const [spanish] = trendViews([series], { locale: 'es', timeZone: 'America/Chicago', pointPhrase: '{value} el {date}' });
    expect(textOf(all(parseXml(spanish!.svg), 'desc')[0]!)).toBe('PHQ-9 total: 18 el 5 ene 2026, 11 el 2 feb 2026');
    expect(trendViews([series, series], { locale: 'en', timeZone: 'UTC', idPrefix: 'doc' }).map((view) => parseXml(view.svg).attributes.get('aria-labelledby')))
      .toEqual(['doc-1-title', 'doc-2-title']);
  });
});
