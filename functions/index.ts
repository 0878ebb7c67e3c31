// Entry point of the function bundle (esbuild: dist/func.cjs). One image, three roles: see handler.ts.
import { handle } from '@fnproject/fdk';
import parquetWasmBytes from 'parquet-wasm/esm/parquet_wasm_bg.wasm';
import { initParquetWasm } from '../shared/export/parquet-wasm.ts';
import { handleInvocation, preloadRole, type HandlerHooks } from './handler.ts';

// The bundle carries the Parquet wasm inline (compressed): there is no node_modules in the function image.
// Only the roles that write Parquet (region, merge) unpack and compile it (~80 ms), on their first call; the
// coordinator never does. initParquetWasm is idempotent.
const hooks: HandlerHooks = { beforeExports: () => initParquetWasm(parquetWasmBytes()) };

// The configured role's code is loaded before the FDK listens (see preloadRole).
// 'string': we parse the payload ourselves, because the FDK's 'json' mode hands bad JSON over silently.
void preloadRole(process.env).then(() => handle((input: string) => handleInvocation(input, process.env, hooks), { inputMode: 'string' }));
