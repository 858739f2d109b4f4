// cove-embed.js: the script a host page includes to show Cove notebooks (see element.ts and
// docs/deploy.md). Works as a classic or a module script.
import { install } from "./element";

install();
