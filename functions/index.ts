// Entry point of the function bundle (esbuild: dist/func.cjs). One image, three roles: see handler.ts.
import { handle } from '@fnproject/fdk';
import parquetWasm from 'parquet-wasm/esm/parquet_wasm_bg.wasm';
import { initParquetWasm } from '../shared/export/parquet-wasm.ts';
import { handleInvocation } from './handler.ts';

// The bundle carries the Parquet wasm inline: there is no node_modules in the function image.
initParquetWasm(parquetWasm);

// 'string': we parse the payload ourselves, because the FDK's 'json' mode hands bad JSON over silently.
handle((input: string) => handleInvocation(input, process.env), { inputMode: 'string' });
