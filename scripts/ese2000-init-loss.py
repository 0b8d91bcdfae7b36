#!/usr/bin/env python3
# Usage: scripts/ese2000-init-loss.py [DATA_DIR]   (numpy only; MNIST as raw IDX files in DATA_DIR/mnist)
# First-batch cross-entropy of the ese2000 model at PyTorch's initialisation (numpy; same distributions as torch:
# conv weights U(+-1/sqrt(fan_in)), readout N(0,1)), over many draws, on 128 normalised MNIST training images.
import sys, numpy as np
DATA = sys.argv[1] if len(sys.argv) > 1 else 'data'
raw=open(DATA+'/mnist/train-images-idx3-ubyte','rb').read()
lab=open(DATA+'/mnist/train-labels-idx1-ubyte','rb').read()
X=np.frombuffer(raw,np.uint8,offset=16).reshape(-1,1,28,28)[:128].astype(np.float32)/255
y=np.frombuffer(lab,np.uint8,offset=8)[:128]
X=(X-0.1307)/0.3081
def conv_same(x,w):  # x [B,C,H,W], w [O,C,3,3]
    B,C,H,W=x.shape; p=np.pad(x,((0,0),(0,0),(1,1),(1,1)))
    out=np.zeros((B,w.shape[0],H,W),np.float32)
    for u in range(3):
        for v in range(3):
            out+=np.einsum('bchw,oc->bohw',p[:,:,u:u+H,v:v+W],w[:,:,u,v])
    return out
def pool(x): B,C,H,W=x.shape; return x.reshape(B,C,H//2,2,W//2,2).mean(axis=(3,5))
losses=[]; norms=[]
for s in range(30):
    r=np.random.default_rng(s)
    w1=r.uniform(-1/3,1/3,(4,1,3,3)).astype(np.float32); w2=r.uniform(-1/6,1/6,(8,4,3,3)).astype(np.float32)
    R=r.standard_normal((392,10)).astype(np.float32)
    h=pool(np.maximum(conv_same(X,w1),0)); h=pool(np.maximum(conv_same(h,w2),0)); f=h.reshape(128,-1)
    z=f@R; z=z-z.max(1,keepdims=True); l=-(z[np.arange(128),y]-np.log(np.exp(z).sum(1)))
    losses.append(l.mean()); norms.append(np.linalg.norm(f,axis=1).mean())
losses=np.array(losses); print('first-batch loss over 30 draws: mean %.2f std %.2f min %.2f max %.2f; mean |f| %.2f'%(losses.mean(),losses.std(),losses.min(),losses.max(),np.mean(norms)))
print('P(loss >= 8.8) ~ %.2f'%(losses>=8.8).mean())
