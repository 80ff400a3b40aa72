import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { TargetUnit } from '../../workflows/domain';
import { unitKinds } from '../../workflows/domain';
import { projectRoot } from '../infra/tools';

export interface RegistryUnit extends TargetUnit {
  /** Code of the city a county belongs to, or of the department a subordinate body (直属单位) belongs to. */
  parent?: string;
  /** A member unit of the provincial leading group (Art. 7: supervision group members are drawn from these). */
  member?: boolean;
}

export class UnitRegistryError extends Error {
  override name = 'UnitRegistryError';
}

const codePattern = /^[a-z][a-z0-9-]*$/;

/**
 * Parse and check a units registry (Art. 2): every unit has a unique ASCII code, a Chinese name and a
 * kind; a county names an existing city. Throws one error listing every problem found.
 */
export function parseUnitRegistry(raw: unknown, source = 'units registry'): Map<string, RegistryUnit> {
  const problems: string[] = [];
  const units = new Map<string, RegistryUnit>();
  const list = (raw as { units?: unknown } | null)?.units;
  if (!Array.isArray(list)) throw new UnitRegistryError(`${source}: expected an object with a "units" array`);
  list.forEach((u: Partial<RegistryUnit>, i) => {
    const where = `${source}: units[${i}]`;
    if (typeof u?.code !== 'string' || !codePattern.test(u.code))
      problems.push(`${where}: code must match ${codePattern}`);
    else if (units.has(u.code)) problems.push(`${where}: duplicate code "${u.code}"`);
    if (typeof u?.name !== 'string' || !u.name.trim()) problems.push(`${where}: name is required`);
    if (!unitKinds.includes(u?.kind as never)) problems.push(`${where}: kind must be one of ${unitKinds.join(', ')}`);
    if (u?.member !== undefined && typeof u.member !== 'boolean')
      problems.push(`${where}: member must be true or false`);
    if (typeof u?.code === 'string' && typeof u.name === 'string' && unitKinds.includes(u.kind as never)) {
      units.set(u.code, {
        code: u.code,
        name: u.name,
        kind: u.kind!,
        ...(u.parent ? { parent: u.parent } : {}),
        ...(u.member ? { member: true } : {}),
      });
    }
  });
  for (const u of units.values()) {
    if (u.kind === 'county' && (!u.parent || units.get(u.parent)?.kind !== 'city')) {
      problems.push(`${source}: county "${u.code}" must name its city in "parent"`);
    }
    if (u.kind === 'city' && u.parent) problems.push(`${source}: city "${u.code}" has no parent`);
    if (u.kind === 'department' && u.parent && units.get(u.parent)?.kind !== 'department') {
      problems.push(`${source}: department "${u.code}" may name only a department in "parent" (its subordinate body)`);
    }
  }
  if (problems.length) throw new UnitRegistryError(problems.join('\n'));
  return units;
}

/**
 * The units a case of `code` must not take its group from (Art. 7, 13: 回避): the unit itself, the units above it (a
 * county's city, a body's department) and the units under it (a city's counties, a department's bodies).
 */
export function recusalOf(units: Map<string, RegistryUnit>, code: string): string[] {
  const family = new Set<string>();
  for (let u = units.get(code); u && !family.has(u.code); u = u.parent ? units.get(u.parent) : undefined) {
    family.add(u.code);
  }
  const under = (parent: string): void => {
    for (const u of units.values()) {
      if (u.parent === parent && !family.has(u.code)) {
        family.add(u.code);
        under(u.code);
      }
    }
  };
  under(code);
  return [...family].sort();
}

/** The city of a unit for the ledger (issue 35): a county's city, a city itself; none for a department. */
export function cityOf(units: Map<string, RegistryUnit>, code: string): string | undefined {
  const unit = units.get(code);
  if (unit?.kind === 'city') return unit.code;
  return unit?.kind === 'county' ? unit.parent : undefined;
}

export const defaultUnitsFile = path.join(projectRoot, 'data', 'units.json');

/** Load the registry from `file` (`UNITS_FILE` of the configuration; default data/units.json). */
export function loadUnitRegistry(file: string = defaultUnitsFile): Map<string, RegistryUnit> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UnitRegistryError(`cannot read units registry ${file}: ${(err as Error).message}`);
  }
  return parseUnitRegistry(raw, file);
}
