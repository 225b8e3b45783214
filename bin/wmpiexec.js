#!/usr/bin/env node
import { main } from "../dist/launcher/main.js";

process.exitCode = await main(process.argv.slice(2));
