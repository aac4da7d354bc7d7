// The core's one door to zod: `zod/mini`, the same validator as classic `zod` without the methods
// on every schema instance, so esbuild keeps only the functions the schemas call (the headless
// runner holds half the zod source and starts with less heap and CPU; figures in
// docs/ARCHITECTURE.md#schemas). Classic zod installs its English error texts by itself, mini does
// not: they are installed here, before any schema can parse, so messages and logs read as before
// ("Invalid input: expected number, received string"). Import as `import * as z from '../zod-mini'`.
import { config } from 'zod/mini';
import { en } from 'zod/locales';

config(en());

export * from 'zod/mini';
