# Golden values of ChiSquareMonteCarloTest, computed independently of the Java code (python3, scipy 1.17.1):
# exact permutation p-values of Pearson's chi-square by enumerating every 2xk table with the observed
# margins, and scipy.stats.permutation_test on the raw values as a cross-check. Run: python3 chi2_permutation.py
import itertools, math
from scipy.stats import chi2_contingency, permutation_test
import numpy as np

def pearson(ref, cur):
    n1, n2 = sum(ref), sum(cur); N = n1 + n2
    s = 0.0
    for a, b in zip(ref, cur):
        c = a + b
        if c == 0: continue
        e1, e2 = n1 * c / N, n2 * c / N
        s += (a - e1) ** 2 / e1 + (b - e2) ** 2 / e2
    return s

def exact(ref, cur):
    cols = [a + b for a, b in zip(ref, cur)]
    n1 = sum(ref); N = sum(cols)
    obs = pearson(ref, cur)
    total = math.comb(N, n1)
    p = 0
    def rec(j, left, acc, xs):
        nonlocal p
        if j == len(cols):
            if left == 0:
                x = list(xs)
                y = [c - a for c, a in zip(cols, x)]
                if pearson(x, y) >= obs * (1 - 64 * 2.220446049250313e-16):
                    p += acc
            return
        for x in range(0, min(cols[j], left) + 1):
            rec(j + 1, left - x, acc * math.comb(cols[j], x), xs + [x])
    rec(0, n1, 1, [])
    return obs, p / total

for ref, cur in [([5, 3, 1, 0, 1], [1, 2, 3, 4, 2]), ([4, 4, 2], [1, 3, 6]), ([6, 0, 2, 2], [2, 3, 1, 4]),
                 ([3, 3, 3, 3, 0], [0, 1, 2, 5, 4])]:
    obs, p = exact(ref, cur)
    asym = chi2_contingency(np.array([ref, cur]), correction=False)
    # scipy's permutation test on the raw values (bin labels), statistic = Pearson's chi-square
    x = np.repeat(np.arange(len(ref)), ref); y = np.repeat(np.arange(len(cur)), cur)
    def stat(a, b):
        ra = np.bincount(a, minlength=len(ref)); rb = np.bincount(b, minlength=len(ref))
        return pearson(list(ra), list(rb))
    res = permutation_test((x, y), stat, permutation_type='independent', alternative='greater',
                           n_resamples=20000, vectorized=False, random_state=np.random.default_rng(1))
    print(ref, cur, 'stat %.10f exact p %.10f asymptotic p %.6f scipy permutation_test p %.5f' % (obs, p, asym.pvalue, res.pvalue))

# The 2000-vs-21 case: enumerate (x1, x3), x2 follows.


from scipy.special import gammaln
ref = np.array([1000, 1000, 0]); cur = np.array([10, 10, 1])
cols = ref + cur; n1 = ref.sum(); n2 = cur.sum(); N = n1 + n2
e1 = n1 * cols / N; e2 = n2 * cols / N
def stat3(x):
    y = cols - x
    return (((x - e1) ** 2) / e1 + ((y - e2) ** 2) / e2).sum()
obs = stat3(ref)
def lc(n, k): return gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1)
p = 0.0
for x3 in range(0, cols[2] + 1):
    for x1 in range(0, cols[0] + 1):
        x2 = n1 - x1 - x3
        if x2 < 0 or x2 > cols[1]: continue
        x = np.array([x1, x2, x3])
        if stat3(x) >= obs * (1 - 64 * 2.220446049250313e-16):
            p += np.exp(lc(cols[0], x1) + lc(cols[1], x2) + lc(cols[2], x3) - lc(N, n1))
print('stat %.10f exact p %.10f asymptotic p %.3g' % (obs, p, chi2_contingency(np.array([ref, cur]), correction=False).pvalue))
