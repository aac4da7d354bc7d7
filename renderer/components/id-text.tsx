// Long ids (Cloud ID, serial) wrap only at sensible points: after a separator (- _ : .) or between
// groups of four characters of a long run, never in the middle of a group, so a line break never
// leaves one stray character that someone copying the id by hand would misread.
import { Fragment } from 'react';

const GROUP = 4;

/** The id split into the pieces a line may break between (pure; joined they are the id again). */
export function idChunks(id: string): string[] {
  const chunks: string[] = [];
  for (const part of id.split(/(?<=[-_:.])/)) {
    if (part.length <= GROUP * 2) {
      chunks.push(part);
      continue;
    }
    const groups: string[] = [];
    for (let i = 0; i < part.length; i += GROUP) groups.push(part.slice(i, i + GROUP));
    // A last group of one character joins the one before it.
    if (groups.length > 1 && groups.at(-1)!.length === 1) groups.splice(-2, 2, groups.at(-2)! + groups.at(-1)!);
    chunks.push(...groups);
  }
  return chunks;
}

export function IdText({ id }: { id: string }) {
  return (
    <>
      {idChunks(id).map((chunk, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          <span className="id-chunk">{chunk}</span>
        </Fragment>
      ))}
    </>
  );
}
