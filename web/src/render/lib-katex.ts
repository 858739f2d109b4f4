// The lazy chunk holding KaTeX: imported by katex.ts only.
export { default } from "katex";
