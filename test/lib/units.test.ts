import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UnitRegistryError, loadUnitRegistry, parseUnitRegistry, recusalOf } from '../../lib/registry/units';

describe('Art. 2: the units registry is data, checked when it is loaded', () => {
  test('the shipped registry holds the 11 prefecture-level cities of Shanxi, counties under them, and provincial departments', () => {
    const units = loadUnitRegistry();
    const cities = [...units.values()].filter((u) => u.kind === 'city').map((u) => u.name);
    expect(cities.sort()).toEqual(
      [
        '临汾市',
        '吕梁市',
        '大同市',
        '太原市',
        '忻州市',
        '晋中市',
        '晋城市',
        '朔州市',
        '运城市',
        '长治市',
        '阳泉市',
      ].sort(),
    );
    expect([...units.values()].some((u) => u.kind === 'county')).toBe(true);
    expect([...units.values()].some((u) => u.kind === 'department')).toBe(true);
  });

  test('every problem in a bad registry is reported at once, with where it is', () => {
    const bad = {
      units: [
        { code: 'taiyuan', name: '太原市', kind: 'city' },
        { code: 'taiyuan', name: '重复', kind: 'city' },
        { code: 'Bad Code', name: '坏', kind: 'city' },
        { code: 'x', name: '', kind: 'village' },
        { code: 'orphan', name: '孤县', kind: 'county', parent: 'nowhere' },
      ],
    };
    let error: unknown;
    try {
      parseUnitRegistry(bad, 'bad.json');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(UnitRegistryError);
    const message = (error as Error).message;
    expect(message).toContain('units[1]: duplicate code "taiyuan"');
    expect(message).toContain('units[2]: code must match');
    expect(message).toContain('units[3]: name is required');
    expect(message).toContain('units[3]: kind must be one of city, county, department');
    expect(message).toContain('county "orphan" must name its city');
  });

  test('an unreadable or malformed file is a clear error naming the file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'units-'));
    const file = path.join(dir, 'units.json');
    writeFileSync(file, '{ not json');
    expect(() => loadUnitRegistry(file)).toThrow(/cannot read units registry .*units\.json/);
    expect(() => loadUnitRegistry(path.join(dir, 'missing.json'))).toThrow(/missing\.json/);
    writeFileSync(file, JSON.stringify({ cities: [] }));
    expect(() => loadUnitRegistry(file)).toThrow(/"units" array/);
  });
});

describe('Issue 32 item 6, Art. 7, 13: 回避 follows the registry’s hierarchy', () => {
  const registry = parseUnitRegistry({
    units: [
      { code: 'taiyuan', name: '太原市', kind: 'city' },
      { code: 'taiyuan-loufan', name: '娄烦县', kind: 'county', parent: 'taiyuan' },
      { code: 'taiyuan-qingxu', name: '清徐县', kind: 'county', parent: 'taiyuan' },
      { code: 'datong', name: '大同市', kind: 'city' },
      { code: 'dept-agriculture', name: '省农业农村厅', kind: 'department', member: true },
      { code: 'dept-agriculture-center', name: '省扶贫开发中心', kind: 'department', parent: 'dept-agriculture' },
      { code: 'dept-finance', name: '省财政厅', kind: 'department', member: true },
    ],
  });

  test('a city with its counties; a county with its city (not its sister counties)', () => {
    expect(recusalOf(registry, 'taiyuan')).toEqual(['taiyuan', 'taiyuan-loufan', 'taiyuan-qingxu']);
    expect(recusalOf(registry, 'taiyuan-loufan')).toEqual(['taiyuan', 'taiyuan-loufan']);
    expect(recusalOf(registry, 'datong')).toEqual(['datong']);
  });

  test('a department with its subordinate bodies, and a body with its department', () => {
    expect(recusalOf(registry, 'dept-agriculture')).toEqual(['dept-agriculture', 'dept-agriculture-center']);
    expect(recusalOf(registry, 'dept-agriculture-center')).toEqual(['dept-agriculture', 'dept-agriculture-center']);
  });

  test('a city names no parent; a department names only a department', () => {
    expect(() =>
      parseUnitRegistry({
        units: [
          { code: 'taiyuan', name: '太原市', kind: 'city' },
          { code: 'datong', name: '大同市', kind: 'city', parent: 'taiyuan' },
          { code: 'dept-x', name: '某厅', kind: 'department', parent: 'taiyuan' },
        ],
      }),
    ).toThrow(/city "datong" has no parent[\s\S]*department "dept-x" may name only a department/);
  });
});
