#!/usr/bin/python3
"""Summarises one bench/run results folder as a Markdown table (medians over rounds). Usage: report.py DIR MODEL..."""
import glob
import json
import os
import re
import statistics
import sys


def peak_rss_mib(time_file):
    """GNU time -v's "Maximum resident set size (kbytes)", in MiB."""
    try:
        with open(time_file) as f:
            m = re.search(r'Maximum resident set size \(kbytes\): (\d+)', f.read())
        return int(m.group(1)) / 1024 if m else None
    except OSError:
        return None


def runner_side(d):
    files = glob.glob(os.path.join(d, 'results', '*', '*', 'run.json'))
    if not files:
        return None
    with open(files[0]) as f:
        rec = json.load(f)
    if rec.get('status') != 'completed':
        return None
    t = rec.get('throughput') or {}
    return dict(train=t.get('steady_train_images_per_second') or t.get('train_images_per_second'),
                eval=t.get('eval_images_per_second'), startup=rec.get('seconds_to_first_batch'),
                acc=(rec.get('final_metrics') or {}).get('test_accuracy'), rss=peak_rss_mib(os.path.join(d, 'time.txt')),
                params=rec.get('parameters'), examples=rec.get('examples', {}).get('train'),
                backend=rec.get('backend', {}))


def torch_side(d):
    try:
        with open(os.path.join(d, 'result.json')) as f:
            rec = json.load(f)
    except (OSError, ValueError):
        return None
    return dict(train=rec['train_images_per_second'], eval=rec['eval_images_per_second'],
                startup=rec['seconds_to_first_batch'], acc=rec['test_accuracy'],
                rss=peak_rss_mib(os.path.join(d, 'time.txt')), params=rec['parameters'],
                examples=rec['train_examples'], batch=rec['batch'], threads=rec['threads'])


def med(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt(v, spec):
    return '—' if v is None else format(v, spec)


def main():
    out, models = sys.argv[1], sys.argv[2:]
    env = {}
    if os.path.exists(os.path.join(out, 'env.txt')):
        with open(os.path.join(out, 'env.txt')) as f:
            for line in f:
                k, _, v = line.strip().partition('=')
                env[k] = v
    header = ['model', 'batch', 'train imgs', 'runner train img/s', 'torch train img/s', 'train ratio',
              'runner eval img/s', 'torch eval img/s', 'eval ratio', 'runner s to 1st batch', 'torch s to 1st batch',
              'runner peak RSS MiB', 'torch peak RSS MiB', 'runner test acc', 'torch test acc', 'rounds ok']
    rows, notes = [], []
    runner_backend = None
    for m in models:
        rounds = sorted(glob.glob(os.path.join(out, m, 'round*')), key=lambda p: int(p.rsplit('round', 1)[1]))
        rs, ts, train_ratios, eval_ratios = [], [], [], []
        for rd in rounds:
            r, t = runner_side(os.path.join(rd, 'runner')), torch_side(os.path.join(rd, 'torch'))
            if r:
                rs.append(r)
                runner_backend = r['backend']
            if t:
                ts.append(t)
            if r and t:
                train_ratios.append(r['train'] / t['train'])
                eval_ratios.append(r['eval'] / t['eval'])
                if r['params'] != t['params']:
                    notes.append(f'{m}: parameter counts differ (runner {r["params"]}, torch {t["params"]})')
            if not r:
                notes.append(f'{m} {os.path.basename(rd)}: the runner run failed (see {os.path.join(rd, "runner")})')
            if not t:
                notes.append(f'{m} {os.path.basename(rd)}: the PyTorch run failed (see {os.path.join(rd, "torch")})')
        batch = ts[0]['batch'] if ts else '?'
        examples = (ts or rs or [{}])[0].get('examples')

        def col(side, key):
            return med([x[key] for x in side])

        rows.append([m, str(batch), fmt(examples, 'd') if examples else '?',
                     fmt(col(rs, 'train'), '.0f'), fmt(col(ts, 'train'), '.0f'), fmt(med(train_ratios), '.2f'),
                     fmt(col(rs, 'eval'), '.0f'), fmt(col(ts, 'eval'), '.0f'), fmt(med(eval_ratios), '.2f'),
                     fmt(col(rs, 'startup'), '.1f'), fmt(col(ts, 'startup'), '.1f'),
                     fmt(col(rs, 'rss'), '.0f'), fmt(col(ts, 'rss'), '.0f'),
                     fmt(col(rs, 'acc'), '.4f'), fmt(col(ts, 'acc'), '.4f'),
                     f'{min(len(rs), len(ts))}/{len(rounds)}'])
        if train_ratios:
            notes.append(f'{m}: per-round train ratios ' + ', '.join(f'{x:.2f}' for x in train_ratios)
                         + '; eval ratios ' + ', '.join(f'{x:.2f}' for x in eval_ratios))

    lines = ['| ' + ' | '.join(header) + ' |', '|' + '|'.join('---' for _ in header) + '|']
    lines += ['| ' + ' | '.join(r) + ' |' for r in rows]
    print(f'Runner vs PyTorch, {env.get("started", "?")}: medians over {env.get("rounds", "?")} rounds of '
          f'{env.get("epochs", "?")} epochs, {env.get("test", "?")} test images; '
          f'{env.get("host_cpus", "?")} CPUs ({env.get("cpu_model", "?")}), load average '
          f'{env.get("loadavg_start", "?")} at start, {env.get("loadavg_end", "?")} at end; '
          f'wall {env.get("wall_seconds", "?")} s.')
    print()
    print('\n'.join(lines))
    print()
    print('Ratios are runner / PyTorch, the median of the per-round ratios (each round runs both back to back). '
          'Train img/s: epochs after the first. Eval img/s: test-set evaluation, best epoch.')
    if runner_backend:
        print(f'Runner: {runner_backend.get("nd4j_artifact")} {runner_backend.get("nd4j_classifier")}, '
              f'OMP_NUM_THREADS={runner_backend.get("omp_num_threads")}, '
              f'OMP_WAIT_POLICY={runner_backend.get("omp_wait_policy")}, '
              f'layer helpers {runner_backend.get("layer_helpers") or "none"}; commit {env.get("runner_commit", "?")}. '
              f'PyTorch {env.get("torch", "?")}, threads={env.get("threads", "?")}, loader={env.get("loader", "?")}.')
    try:
        cpus = int(env.get('host_cpus', '0'))
        loads = [float(env[k].split()[0]) for k in ('loadavg_start', 'loadavg_end') if k in env]
        for f in glob.glob(os.path.join(out, '*', 'round*', '*', 'loadavg')):
            with open(f) as fh:
                loads.append(float(fh.read().split()[0]))
    except ValueError:
        cpus, loads = 0, []
    if cpus and loads and max(loads) > cpus:
        print(f'WARNING: the machine was busy (1-minute load average {statistics.median(loads):g} median, up to '
              f'{max(loads):g}, on {cpus} CPUs): both sides '
              'were starved of CPU and their OpenMP threads waited on each other, so absolute figures are far below '
              'a quiet machine\'s and the ratios are only indicative. Rerun when the load average is below the CPU '
              'count.')
    for n in notes:
        print(f'- {n}')


if __name__ == '__main__':
    main()
