#!/usr/bin/python3
"""The PyTorch side of the runner benchmark (bench/run): each benchmark model trained the way its tutorial trains it.

    /usr/bin/python3 bench/torch_bench.py MODEL [--data-dir DIR] [--epochs N] [--train-limit N] [--test-limit N]
                                                [--threads N] [--loader tutorial|tensor] [--seed N]

MODEL is one of jumpml, lenet, lecture6-b10, lecture6-b64, bncnn (the same names as bench/models/*.yaml, which hold the same
models for the runner). The script reads the SAME IDX files the runner reads (DATA_DIR/mnist/*-idx?-ubyte raw,
DATA_DIR/fashion-mnist/*-idx?-ubyte.gz gzip; either form is accepted for either dataset), keeps the first
--train-limit training and --test-limit test images (the runner's train_limit/test_limit with validation_split 0 keep
the same ones), and trains as the tutorials do:

- plain torch.nn modules and torch.optim, the tutorials' own models, losses, optimizers and batch sizes;
- --loader tutorial (default): a Dataset that does what torchvision.datasets.MNIST/FashionMNIST.__getitem__ does
  (uint8 image -> PIL image -> transforms.ToTensor() [-> transforms.Normalize]) under a DataLoader with shuffle=True
  and num_workers=0, as every one of the tutorials does; --loader tensor: pre-normalised tensors in a TensorDataset
  (the fidle tutorial's way, and closer to what the runner does: it normalises whole sets once, up front);
- per batch, the loss and the number of correct predictions are read out (loss.item(), argmax), as the LeNet and
  lecture-6 notebooks do and as the runner does for its metrics;
- after each epoch, the test set is evaluated (model.eval(), torch.no_grad(), the tutorial's test batch size).

Threads: torch.set_num_threads(--threads), default 2 (what ../shared/reference/pytorch-cpu.jsonl was measured with;
Debian's torch otherwise picks its own default, 1 on these machines); --threads 0 leaves torch's default.

Prints one JSON object to stdout: train_images_per_second (steady: epochs after the first, when there are more than
one, as the runner's steady_train_images_per_second), train_images_per_second_all, eval_images_per_second (the best
epoch's, as the runner reports it), final test accuracy and loss, seconds_to_first_batch (process start to the end of
the first optimizer step, as the runner's), parameters, threads and per-epoch rows.
"""
import argparse
import gzip
import json
import os
import sys
import time


def process_start_time():
    """Wall-clock time at which this process started (from /proc), so start-up includes the interpreter and imports."""
    try:
        with open('/proc/self/stat') as f:
            fields = f.read().rsplit(')', 1)[1].split()
        start_ticks = int(fields[19])  # field 22 of stat(5); fields[0] is field 3
        with open('/proc/stat') as f:
            btime = next(int(line.split()[1]) for line in f if line.startswith('btime'))
        return btime + start_ticks / os.sysconf('SC_CLK_TCK')
    except (OSError, ValueError, IndexError, StopIteration):
        return time.time()


PROCESS_START = process_start_time()

import numpy as np  # noqa: E402  (imports after the clock starts, as the JVM's class loading counts for the runner)
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402
import torch.optim as optim  # noqa: E402
import torchvision.transforms as transforms  # noqa: E402
from PIL import Image  # noqa: E402
from torch.utils.data import DataLoader, Dataset, TensorDataset  # noqa: E402

DATASET_DIRS = {'mnist': 'mnist', 'fashion-mnist': 'fashion-mnist'}


def read_idx(data_dir, dataset, name):
    """One IDX file as a numpy array, raw or gzip, whichever is there (the runner accepts both)."""
    path = os.path.join(data_dir, DATASET_DIRS[dataset], name)
    if os.path.exists(path):
        with open(path, 'rb') as f:
            raw = f.read()
    elif os.path.exists(path + '.gz'):
        with gzip.open(path + '.gz', 'rb') as f:
            raw = f.read()
    else:
        sys.exit(f'torch_bench: {path}[.gz] not found; run scripts/fetch-datasets --data-dir {data_dir}')
    if raw[0] != 0 or raw[1] != 0 or raw[2] != 0x08:
        sys.exit(f'torch_bench: {path} is not an unsigned-byte IDX file')
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], 'big') for i in range(ndim)]
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim)
    return data.reshape(dims)


class IdxImages(Dataset):
    """What torchvision.datasets.MNIST / FashionMNIST hold and return: uint8 images and int targets, each image turned
    into a PIL image and passed through `transform` on access."""

    def __init__(self, images, labels, transform):
        self.data = torch.from_numpy(images.copy())
        self.targets = torch.from_numpy(labels.astype(np.int64))
        self.transform = transform

    def __len__(self):
        return len(self.data)

    def __getitem__(self, index):
        img, target = self.data[index], int(self.targets[index])
        img = Image.fromarray(img.numpy(), mode='L')
        if self.transform is not None:
            img = self.transform(img)
        return img, target


# ---- the tutorials' models, as written there ----

class JumpMLModel(nn.Module):
    """jumpml-digits-pytorch: conv1 -> max_pool2d -> relu -> conv2 -> max_pool2d -> relu -> fc1 relu -> dropout -> fc2,
    log_softmax; trained with nll_loss."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels=1, out_channels=32, kernel_size=5)
        self.conv2 = nn.Conv2d(32, 16, 3)
        self.fc1 = nn.Linear(400, 100)
        self.fc2 = nn.Linear(100, 10)

    def forward(self, x):
        x = F.relu(F.max_pool2d(self.conv1(x), 2))
        x = F.relu(F.max_pool2d(self.conv2(x), 2))
        x = x.view(-1, 400)
        x = F.relu(self.fc1(x))
        x = F.dropout(x, training=self.training)
        x = self.fc2(x)
        return F.log_softmax(x, dim=1)


class LeNet(nn.Module):
    """fashion-mnist-lenet (the suggested answer's forward pass)."""

    def __init__(self, output_dim=10):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels=1, out_channels=6, kernel_size=5)
        self.conv2 = nn.Conv2d(in_channels=6, out_channels=16, kernel_size=5)
        self.fc_1 = nn.Linear(16 * 4 * 4, 120)
        self.fc_2 = nn.Linear(120, 84)
        self.fc_3 = nn.Linear(84, output_dim)

    def forward(self, x):
        x = self.conv1(x)
        x = F.max_pool2d(x, kernel_size=2)
        x = F.relu(x)
        x = self.conv2(x)
        x = F.max_pool2d(x, kernel_size=2)
        x = F.relu(x)
        x = x.view(x.shape[0], -1)
        x = F.relu(self.fc_1(x))
        x = F.relu(self.fc_2(x))
        return self.fc_3(x)


class Lecture6CNN(nn.Module):
    """lecture6-cnn-mnist: note the softmax at the end, fed to CrossEntropyLoss as the notebook does."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, (3, 3), 1, 1)
        self.pool1 = nn.MaxPool2d((2, 2), 2)
        self.conv2 = nn.Conv2d(32, 64, (3, 3), 1, 1)
        self.pool2 = nn.MaxPool2d((2, 2), 2)
        self.fcn1 = nn.Linear(64 * 7 * 7, 128)
        self.fcn2 = nn.Linear(128, 10)

    def forward(self, x):
        x = F.relu(self.conv1(x))
        x = self.pool1(x)
        x = F.relu(self.conv2(x))
        x = self.pool2(x)
        x = x.view(-1, 64 * 7 * 7)
        x = self.fcn1(x)
        x = F.softmax(self.fcn2(x), dim=1)
        return x


class BatchNormCNN(nn.Module):
    """The competition's batch-norm CNN (bench/models/bncnn.yaml): two blocks of two 3x3 convolutions with batch norm,
    max pooling and dropout, then dense 256 with dropout."""

    def __init__(self):
        super().__init__()

        def block(cin, cout):
            return [nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU(),
                    nn.Conv2d(cout, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU(),
                    nn.MaxPool2d(2), nn.Dropout(0.25)]

        self.features = nn.Sequential(*block(1, 32), *block(32, 64))
        self.classifier = nn.Sequential(nn.Flatten(), nn.Linear(64 * 7 * 7, 256), nn.ReLU(), nn.Dropout(0.5),
                                        nn.Linear(256, 10))

    def forward(self, x):
        return self.classifier(self.features(x))


def lenet_normalisation(data_dir):
    # As the notebook: mean and std of the whole training set's pixels (before any split or limit).
    raw = torch.from_numpy(read_idx(data_dir, 'fashion-mnist', 'train-images-idx3-ubyte').copy())
    return (raw.float().mean() / 255).item(), (raw.float().std() / 255).item()


# name -> dataset, model factory, optimizer factory, loss, batch, test batch, normalisation (None: ToTensor only), seed
MODELS = {
    'jumpml': dict(dataset='mnist', model=JumpMLModel, optimizer=lambda p: optim.SGD(p, lr=0.01, momentum=0.5),
                   loss=F.nll_loss, batch=64, test_batch=1000, normalise=lambda d: (0.1307, 0.3081), seed=1),
    'lenet': dict(dataset='fashion-mnist', model=LeNet, optimizer=lambda p: optim.Adam(p),
                  loss=nn.CrossEntropyLoss(), batch=64, test_batch=64, normalise=lenet_normalisation, seed=1234),
    'lecture6-b10': dict(dataset='mnist', model=Lecture6CNN, optimizer=lambda p: torch.optim.Adam(p, lr=0.001),
                         loss=nn.CrossEntropyLoss(), batch=10, test_batch=10, normalise=None, seed=42),
    'lecture6-b64': dict(dataset='mnist', model=Lecture6CNN, optimizer=lambda p: torch.optim.Adam(p, lr=0.001),
                         loss=nn.CrossEntropyLoss(), batch=64, test_batch=64, normalise=None, seed=42),
    'bncnn': dict(dataset='fashion-mnist', model=BatchNormCNN, optimizer=lambda p: torch.optim.Adam(p, lr=0.001),
                  loss=nn.CrossEntropyLoss(), batch=128, test_batch=1000, normalise=lambda d: (0.2860, 0.3530),
                  seed=1),
}


def make_loaders(cfg, args):
    ds = cfg['dataset']
    xtr = read_idx(args.data_dir, ds, 'train-images-idx3-ubyte')[:args.train_limit]
    ytr = read_idx(args.data_dir, ds, 'train-labels-idx1-ubyte')[:args.train_limit]
    xte = read_idx(args.data_dir, ds, 't10k-images-idx3-ubyte')[:args.test_limit]
    yte = read_idx(args.data_dir, ds, 't10k-labels-idx1-ubyte')[:args.test_limit]
    norm = cfg['normalise'](args.data_dir) if cfg['normalise'] else None
    if args.loader == 'tutorial':
        steps = [transforms.ToTensor()]
        if norm:
            steps.append(transforms.Normalize((norm[0],), (norm[1],)))
        tf = transforms.Compose(steps)
        train_set, test_set = IdxImages(xtr, ytr, tf), IdxImages(xte, yte, tf)
    else:
        def tensors(x, y):
            t = torch.from_numpy(x.copy()).float().div_(255).unsqueeze(1)
            if norm:
                t = (t - norm[0]) / norm[1]
            return TensorDataset(t, torch.from_numpy(y.astype(np.int64)))
        train_set, test_set = tensors(xtr, ytr), tensors(xte, yte)
    return (DataLoader(train_set, batch_size=cfg['batch'], shuffle=True),
            DataLoader(test_set, batch_size=cfg['test_batch']))


def evaluate(model, loader, loss_fn):
    model.eval()
    loss_sum, correct, n = 0.0, 0, 0
    with torch.no_grad():
        for x, y in loader:
            out = model(x)
            loss_sum += loss_fn(out, y).item() * len(y)
            correct += (out.argmax(1) == y).sum().item()
            n += len(y)
    return loss_sum / n, correct / n


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('model', choices=sorted(MODELS))
    ap.add_argument('--data-dir', default=os.environ.get('RUNNER_DATA_DIR', 'data'))
    ap.add_argument('--epochs', type=int, default=2)
    ap.add_argument('--train-limit', type=int, default=None)
    ap.add_argument('--test-limit', type=int, default=None)
    ap.add_argument('--threads', type=int, default=2, help='torch.set_num_threads; 0 = torch default')
    ap.add_argument('--loader', choices=['tutorial', 'tensor'], default='tutorial')
    ap.add_argument('--seed', type=int, default=None, help="default: the tutorial's seed")
    args = ap.parse_args()
    cfg = MODELS[args.model]

    if args.threads > 0:
        torch.set_num_threads(args.threads)
    torch.manual_seed(cfg['seed'] if args.seed is None else args.seed)
    train_loader, test_loader = make_loaders(cfg, args)
    model = cfg['model']()
    optimizer = cfg['optimizer'](model.parameters())
    loss_fn = cfg['loss']

    first_batch = None
    epochs = []
    for epoch in range(1, args.epochs + 1):
        model.train()
        loss_sum, correct, n = 0.0, 0, 0
        t0 = time.perf_counter()
        for x, y in train_loader:
            optimizer.zero_grad()
            out = model(x)
            loss = loss_fn(out, y)
            loss.backward()
            optimizer.step()
            loss_sum += loss.item() * len(y)
            correct += (out.argmax(1) == y).sum().item()
            n += len(y)
            if first_batch is None:
                first_batch = time.time() - PROCESS_START
        t1 = time.perf_counter()
        test_loss, test_acc = evaluate(model, test_loader, loss_fn)
        t2 = time.perf_counter()
        epochs.append(dict(epoch=epoch, train_loss=loss_sum / n, train_accuracy=correct / n, test_loss=test_loss,
                           test_accuracy=test_acc, train_seconds=t1 - t0, train_images=n,
                           images_per_second=n / (t1 - t0), eval_seconds=t2 - t1,
                           eval_images_per_second=len(test_loader.dataset) / (t2 - t1)))

    steady = epochs[1:] or epochs
    last = epochs[-1]
    print(json.dumps(dict(
        model=args.model, batch=cfg['batch'], test_batch=cfg['test_batch'], loader=args.loader,
        threads=torch.get_num_threads(), torch_version=torch.__version__,
        parameters=sum(p.numel() for p in model.parameters() if p.requires_grad),
        train_examples=len(train_loader.dataset), test_examples=len(test_loader.dataset),
        train_images_per_second=round(sum(e['train_images'] for e in steady) / sum(e['train_seconds'] for e in steady), 1),
        train_images_per_second_all=round(sum(e['train_images'] for e in epochs) / sum(e['train_seconds'] for e in epochs), 1),
        eval_images_per_second=round(max(e['eval_images_per_second'] for e in epochs), 1),
        test_accuracy=last['test_accuracy'], test_loss=last['test_loss'],
        seconds_to_first_batch=round(first_batch, 3), epochs=epochs)))


if __name__ == '__main__':
    main()
