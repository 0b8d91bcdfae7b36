#!/usr/bin/python3
"""Where the runner's time goes: groups profiler samples of one `bin/runner` run into the phases of the training step.

    profile_breakdown.py collapsed FILE.collapsed [--interval-ms N]   # async-profiler, collapsed stacks with `threads`
    profile_breakdown.py jfr FILE.jfr                                 # JDK Flight Recorder (via `jfr print --json`)

Prints Markdown. Phases of the main thread (where the training loop runs; DL4J calls into native code from it):
- data preparation: dev/runner/data (BatchSource batches: copies, one-hot labels, Nd4j.create; per-batch transforms)
- forward / backward: MultiLayerNetwork.ffToLayerActivationsInWs / calcBackpropGradients, split by DL4J layer class
- loss: the output layer's score
- updater: DL4J's updater blocks, the runner's TorchSgd/TorchAdam, the step function
- listeners and metrics: BatchAccuracyListener
- evaluation: dev/runner/train/Evaluator (after each epoch)
- fit, other: the rest of MultiLayerNetwork.fit (workspaces, gradient views, bookkeeping)
- loop, other: the rest of Trainer.train (observers, progress bar, score read-out)
- outside training: JVM start, class loading, reading IDX files, building the network, saving the model

Each sample's leaf says what was running: Java code, an nd4j (libnd4j) native op, OpenBLAS, oneDNN, the OpenMP
runtime (nd4j's libgomp; its own frames are barriers spinning while other threads finish or wait for work), a thread
yielding in a wait loop (sched_yield), memory (memset/memcpy/malloc), the kernel, or the JVM itself.
JFR cannot see native frames: its jdk.NativeMethodSample events carry only the Java stack of a thread that is in
native code, so with `jfr` every native op shows as "native (JFR)" under the Java frame that called it.
"""
import collections
import json
import re
import subprocess
import sys

MAIN_PHASES = ['data preparation', 'forward', 'backward', 'loss', 'updater', 'listeners and metrics', 'evaluation',
               'fit, other', 'loop, other']
LEAF_KINDS = ['Java', 'nd4j op', 'OpenBLAS', 'oneDNN', 'OpenMP runtime', 'yield/wait', 'memory', 'kernel', 'JVM',
              'native (JFR)', 'other native']


def is_java(frame):
    return '/' in frame and not frame.startswith('/') and not frame.startswith('[') and '(' not in frame \
        and ' ' not in frame


def leaf_kind(leaf):
    f = leaf
    if f == 'NATIVE_JFR':
        return 'native (JFR)'
    if f.endswith('_[k]'):
        return 'kernel'
    # nd4j's bundled libgomp is stripped: its frames are the library's path. Work inside a parallel region is in the
    # callee's frames (libnd4jcpu, OpenBLAS), so time whose leaf is libgomp itself is its barriers spinning.
    if 'libgomp' in f or re.search(r'gomp_|GOMP_|omp_', f):
        return 'OpenMP runtime'
    if re.search(r'sched_yield|spin|futex|pthread_cond|nanosleep|usleep', f):
        return 'yield/wait'
    if re.search(r'sgemm|dgemm|gemv|openblas|blas_thread', f, re.I):
        return 'OpenBLAS'
    if 'dnnl' in f or 'mkldnn' in f.lower():
        return 'oneDNN'
    if re.search(r'sd::|functions::|simdOps|nd4j-native|libnd4j|samediff', f):
        return 'nd4j op'
    if re.search(r'mem(set|move|cpy)|malloc|calloc|free|operator new|operator delete|_int_', f):
        return 'memory'
    if is_java(f):
        return 'Java'
    if re.search(r'^(Phase|Symbol|Interpreter|Compile|Node|Type|JVM_|G1|Klass|Method|Oop|Dictionary|java_lang|'
                 r'IndexSet|Parse|LinkResolver|ciEnv|ClassLoader|Unsafe_|Runtime1|SharedRuntime|OptoRuntime)', f) \
            or '::' in f and re.match(r'^[A-Z]', f):
        return 'JVM'
    return 'other native'


def native_op_name(leaf):
    for pat in (r'simdOps::(\w+)', r'helpers::(\w+?)_?<', r'dnnl::impl::cpu::(\w+)', r'(sgemm\w*|\w*gemm\w*)',
                r'sd::ops::(\w+)'):
        m = re.search(pat, leaf)
        if m:
            return m.group(1)
    if 'libgomp' in leaf:
        return '(libgomp)'
    if 'libnd4j' in leaf:
        return '(libnd4jcpu, no symbol)'
    if 'openblas' in leaf:
        return '(openblas, no symbol)'
    return leaf[:60]


def main_phase(frames):
    s = ';'.join(frames)
    if 'dev/runner/train/Trainer.train' not in s:
        return 'outside training'
    if 'dev/runner/train/Evaluator' in s:
        return 'evaluation'
    if 'dev/runner/data/' in s:
        return 'data preparation'
    if 'BatchAccuracyListener' in s:
        return 'listeners and metrics'
    if re.search(r'org/deeplearning4j/nn/updater/|dev/runner/model/updater/|stepfunctions/', s):
        return 'updater'
    if 'calcBackpropGradients' in s:
        return 'backward'
    if 'ffToLayerActivationsInWs' in s or 'MultiLayerNetwork.feedForward' in s:
        return 'forward'
    if 'computeScore' in s:
        return 'loss'
    if 'MultiLayerNetwork.fit' in s:
        return 'fit, other'
    return 'loop, other'


def layer_of(frames):
    for f in frames:
        m = re.match(r'org/deeplearning4j/nn/layers/(?:[\w/]+/)?(\w+)\.', f)
        if m and m.group(1) not in ('AbstractLayer',):
            name = m.group(1)
            return {'BaseLayer': 'DenseLayer (BaseLayer)', 'BaseOutputLayer': 'OutputLayer (BaseOutputLayer)'}.get(
                name, name)
    return '(no layer frame)'


def java_caller(frames):
    """The deepest DL4J / runner frame and the deepest ND4J API frame above a native leaf."""
    dl4j = nd4j = None
    for f in frames:
        if not is_java(f):
            continue
        if f.startswith('org/deeplearning4j/') or f.startswith('dev/runner/'):
            dl4j = f
            nd4j = None
        elif f.startswith('org/nd4j/') and not re.search(r'nativecpu|NativeOps|executioner|bytedeco|javacpp', f):
            nd4j = f
    short = lambda f: '?' if f is None else re.sub(r'^.*/', '', f)
    return short(dl4j) + (' → ' + short(nd4j) if nd4j else '')


def thread_group(name):
    n = name.strip('[]')
    if n.startswith('main'):
        return 'main (training loop)'
    # Threads that native code started (libgomp, nd4j's thread pool, OpenBLAS) carry the process name, "java".
    if n in ('java', '', '?') or n.startswith('tid='):
        return 'native worker threads (nd4j/OpenMP/OpenBLAS)'
    if 'Compiler' in n:
        return 'JIT compiler'
    if n.startswith('GC') or n.startswith('G1'):
        return 'garbage collector'
    return 'other JVM threads'


def read_collapsed(path):
    out = []
    with open(path) as f:
        for line in f:
            line = line.rstrip('\n')
            if not line:
                continue
            stack, _, n = line.rpartition(' ')
            frames = stack.split(';')
            thread = frames[0] if frames[0].startswith('[') else '[?]'
            out.append((re.sub(r'\s*tid=\d+', '', thread), frames[1:] if frames[0].startswith('[') else frames,
                        int(n)))
    return out


def read_jfr(path):
    raw = subprocess.run(['jfr', 'print', '--json', '--stack-depth', '1000', '--events', 'jdk.ExecutionSample,jdk.NativeMethodSample', path],
                         check=True, capture_output=True, text=True).stdout
    events = json.loads(raw)['recording']['events']
    out = []
    for e in events:
        v = e['values']
        st = v.get('stackTrace') or {}
        frames = []
        for fr in reversed(st.get('frames') or []):
            m = fr['method']
            frames.append(m['type']['name'].replace('.', '/') + '.' + m['name'])
        if e['type'] == 'jdk.NativeMethodSample':
            frames.append('NATIVE_JFR')
        thread = (v.get('sampledThread') or {}).get('javaName') or '?'
        out.append(('[' + thread + ']', frames, 1))
    return out


def pct(n, total):
    return f'{100.0 * n / total:.1f}%' if total else '—'


def table(header, rows):
    lines = ['| ' + ' | '.join(header) + ' |', '|' + '|'.join('---' for _ in header) + '|']
    return '\n'.join(lines + ['| ' + ' | '.join(str(c) for c in r) + ' |' for r in rows])


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ('collapsed', 'jfr'):
        sys.exit(__doc__)
    kind, path = sys.argv[1], sys.argv[2]
    interval = 10.0
    if '--interval-ms' in sys.argv:
        interval = float(sys.argv[sys.argv.index('--interval-ms') + 1])
    samples = read_collapsed(path) if kind == 'collapsed' else read_jfr(path)
    total = sum(n for _, _, n in samples)

    groups = collections.Counter()
    for t, _, n in samples:
        groups[thread_group(t)] += n
    print(f'Samples: {total}' + (f' (every {interval:g} ms of CPU time)' if kind == 'collapsed' else
                                 ' (JFR execution + native-method samples)'))
    print()
    print('All threads:')
    print()
    print(table(['thread group', 'samples', 'share'], [(g, n, pct(n, total)) for g, n in groups.most_common()]))
    print()

    main_samples = [(f, n) for t, f, n in samples if thread_group(t).startswith('main')]
    phase_kind = collections.defaultdict(collections.Counter)
    layers = {'forward': collections.Counter(), 'backward': collections.Counter(), 'evaluation': collections.Counter()}
    callers = collections.Counter()
    ops = collections.Counter()
    for frames, n in main_samples:
        ph = main_phase(frames)
        lk = leaf_kind(frames[-1] if frames else '?')
        phase_kind[ph][lk] += n
        if ph in layers:
            layers[ph][layer_of(frames)] += n
        if ph != 'outside training' and lk not in ('Java', 'JVM'):
            callers[(ph, java_caller(frames))] += n
            ops[(lk, native_op_name(frames[-1]))] += n
    in_loop = sum(sum(c.values()) for ph, c in phase_kind.items() if ph != 'outside training')
    main_total = sum(n for _, n in main_samples)
    kinds = [k for k in LEAF_KINDS if any(c[k] for c in phase_kind.values())]
    rows = []
    for ph in MAIN_PHASES + ['outside training']:
        c = phase_kind.get(ph, collections.Counter())
        n = sum(c.values())
        if n == 0 and ph == 'outside training':
            continue
        rows.append([ph, n, pct(n, in_loop) if ph != 'outside training' else '—', pct(n, main_total)]
                    + [pct(c[k], n) if c[k] else '' for k in kinds])
    print(f'Main thread by phase ({main_total} samples, {in_loop} inside Trainer.train); the leaf columns split each '
          'phase by what was running:')
    print()
    print(table(['phase', 'samples', 'share of training loop', 'share of main thread'] + kinds, rows))
    print()
    for ph in ('forward', 'backward', 'evaluation'):
        c = layers[ph]
        n = sum(c.values())
        if n:
            print(f'{ph.capitalize()} by DL4J layer class: '
                  + ', '.join(f'{name} {pct(k, n)}' for name, k in c.most_common()) + '.')
    print()
    print('Java frames that call into native code (training loop, main thread; deepest DL4J/runner frame → ND4J API):')
    print()
    print(table(['phase', 'Java caller', 'samples', 'share of training loop'],
                [(ph, caller, n, pct(n, in_loop)) for (ph, caller), n in callers.most_common(20)]))
    print()
    if kind == 'collapsed':
        print('Native leaves on the main thread (training loop):')
        print()
        print(table(['kind', 'native function', 'samples', 'share of training loop'],
                    [(k, o, n, pct(n, in_loop)) for (k, o), n in ops.most_common(15)]))
        print()
        workers = collections.Counter()
        wops = collections.Counter()
        for t, frames, n in samples:
            if thread_group(t).startswith('native worker'):
                lk = leaf_kind(frames[-1] if frames else '?')
                workers[lk] += n
                if lk not in ('OpenMP runtime', 'yield/wait', 'kernel'):
                    wops[native_op_name(frames[-1])] += n
        wt = sum(workers.values())
        if wt:
            print(f'Native worker threads ({wt} samples): '
                  + ', '.join(f'{k} {pct(n, wt)}' for k, n in workers.most_common()) + '; busiest functions: '
                  + ', '.join(f'{o} {pct(n, wt)}' for o, n in wops.most_common(6)) + '.')


if __name__ == '__main__':
    main()
