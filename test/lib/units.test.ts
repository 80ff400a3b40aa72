import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UnitRegistryError, loadUnitRegistry, parseUnitRegistry } from '../../lib/registry/units';

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
