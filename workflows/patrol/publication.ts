/**
 * Art. 16 (3) 整改情况能公开的要及时公开: what is published is the leading group's decision. The unit proposes a text
 * with its rectification report (`publicSummary`); the leading group publishes its own text or its edit of the
 * proposal (or adopts the proposal as it is), or decides not to publish, with a reason.
 */
import { Type } from '@sinclair/typebox';
import { ActorSchema, Done, Instant, Text } from '../engine/schemas';

/** What the leading group published; `by` and `edited` absent in cases published before it wrote the text. */
export const PublicationSchema = Type.Object({
  text: Type.String(),
  at: Instant,
  url: Type.String(),
  by: Type.Optional(ActorSchema),
  /** The text differs from the unit's proposal. */
  edited: Type.Optional(Type.Boolean()),
});

/** The leading group decided not to publish, with its reason. */
export const PublicationDeclinedSchema = Type.Object({ reason: Type.String(), ...Done });

/** The step's input: the report to the committee, and the decision on publication. */
export const rectificationSummaryInput = Type.Object({
  summary: Text('整改情况报告', 4000),
  publish: Type.Boolean(),
  publicText: Type.Optional(Text('公开的整改情况（领导小组审定；不填则采用被巡查单位建议公开的稿）', 2000)),
  notPublishedReason: Type.Optional(Text('不予公开的理由（不公开时必填）', 500)),
});
