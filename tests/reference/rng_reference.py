"""Independent reference values for mlp.h's random number generator.

Re-implements splitmix64 seeding and xoshiro256** from their published
definitions (Vigna; Blackman and Vigna 2018) in plain Python integers, and the
polar method for normals with Python's own math.log, then prints the values
tests/test_mlp.c pins. Run:  python3 tests/reference/rng_reference.py
"""
import math

MASK = (1 << 64) - 1


def splitmix64(state):
    state = (state + 0x9E3779B97F4A7C15) & MASK
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return state, z ^ (z >> 31)


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & MASK


class Xoshiro256ss:
    def __init__(self, seed):
        self.s = []
        st = seed
        for _ in range(4):
            st, v = splitmix64(st)
            self.s.append(v)
        self.spare = None

    def next(self):
        s = self.s
        result = (rotl((s[1] * 5) & MASK, 7) * 9) & MASK
        t = (s[1] << 17) & MASK
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        return result

    def uniform(self):
        return (self.next() >> 11) * (1.0 / 9007199254740992.0)

    def normal(self):
        if self.spare is not None:
            v, self.spare = self.spare, None
            return v
        while True:
            u = 2 * self.uniform() - 1
            v = 2 * self.uniform() - 1
            s = u * u + v * v
            if 0 < s < 1:
                break
        f = math.sqrt(-2 * math.log(s) / s)
        self.spare = v * f
        return u * f


if __name__ == "__main__":
    print("splitmix64(0) first output: 0x%016X" % splitmix64(0)[1])
    g = Xoshiro256ss(42)
    print("seed 42, first 4 outputs:", ", ".join("0x%016XULL" % g.next() for _ in range(4)))
    g = Xoshiro256ss(42)
    print("seed 42, first 3 uniforms:", ", ".join(repr(g.uniform()) for _ in range(3)))
    g = Xoshiro256ss(7)
    print("seed 7, first 4 normals:", ", ".join(repr(g.normal()) for _ in range(4)))
