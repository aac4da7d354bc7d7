// Vite bundles CSS imports (ours and @fontsource's); TypeScript only needs to know they exist.
declare module '*.css';
