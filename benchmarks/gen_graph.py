"""Synthetic plan extractions for the graph benchmark (deterministic for a seed).

`generate(n_plans, seed)` yields `(file, sha256, Extraction)` for `n_plans` plans spread over 63 provinces:
national instruments (a few symbols carried by two instruments of different dates, like 45-NQ/TW of 2019 and
2023), provincial programmes implementing them (stated as chains), plans implementing a programme or a
national instrument directly, mentioning a few others, with tasks (lead + supporting bodies, deadlines) and
targets. Shape per plan by default: 20 tasks, 4 targets, 5 references, 1 chain.
"""
from __future__ import annotations

import hashlib
import random
from typing import Iterator

from extractors.model import Extraction

PROVINCES = [f"Tỉnh {i:02d}" for i in range(63)]
BODIES = ["Sở Khoa học và Công nghệ", "Sở Nội vụ", "Sở Giáo dục và Đào tạo", "Sở Tài chính", "Sở Y tế",
          "Sở Công Thương", "Sở Văn hóa, Thể thao và Du lịch", "Sở Ngoại vụ", "Công an tỉnh",
          "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh", "Ban Tuyên giáo Tỉnh ủy", "Ban Tổ chức Tỉnh ủy",
          "Các sở, ban, ngành", "Ủy ban nhân dân các xã, phường", "Bộ Khoa học và Công nghệ"]
KINDS = [("Tháng 12/2026", "month", "2026-12-01", "2026-12-31"), ("Quý II/2026", "quarter", "2026-04-01",
         "2026-06-30"), ("Năm 2027", "year", "2027-01-01", "2027-12-31"), ("Hằng năm", "recurring", None, None),
         ("Thường xuyên", "continuous", None, None), ("2026 - 2030", "range", "2026-01-01", "2030-12-31")]


def national_instruments(n: int = 60) -> list[dict]:
    out = []
    for i in range(n):
        out.append({"key": f"{i + 10}-NQ/TW", "date": f"{2010 + i % 15}-0{1 + i % 9}-1{i % 10}",
                    "issuer": "Bộ Chính trị", "doc_type": "Nghị quyết"})
    for i in range(0, n, 10):  # same symbol, another date
        out.append({"key": f"{i + 10}-NQ/TW", "date": f"{2000 + i % 10}-0{1 + i % 9}-2{i % 8}",
                    "issuer": "Ban Chấp hành Trung ương Đảng", "doc_type": "Nghị quyết"})
    return out


def generate(n_plans: int = 10_000, seed: int = 7, tasks_per_plan: int = 20,
             indicators_per_plan: int = 4) -> Iterator[tuple[str, str, Extraction]]:
    rnd = random.Random(seed)
    national = national_instruments()
    for n in range(n_plans):
        prov = PROVINCES[n % len(PROVINCES)]
        target = national[rnd.randrange(len(national))]
        programme = {"key": f"{100 + rnd.randrange(50)}-CTr/TU-{n % len(PROVINCES):02d}",
                     "date": f"202{rnd.randrange(5)}-0{1 + rnd.randrange(9)}-1{rnd.randrange(10)}",
                     "doc_type": "Chương trình hành động", "issuer": f"Ban Thường vụ {prov}"}
        via_programme = rnd.random() < 0.5
        refs = [{**(programme if via_programme else target), "relation": "implements"}]
        if via_programme:
            refs.append({**target, "relation": "mentions"})
        for m in rnd.sample(national, 3):
            if m["key"] != target["key"]:
                refs.append({**m, "relation": rnd.choice(["mentions", "based_on"])})
        chains = [{"from": programme["key"], "to": f"{target['key']}@{target['date']}"}] if via_programme else []
        refs = [{**r, "key": f"{r['key']}@{r['date']}"} for r in refs]
        if via_programme:
            chains = [{"from": refs[0]["key"], "to": f"{target['key']}@{target['date']}"}]
        tasks = []
        for t in range(tasks_per_plan):
            raw, kind, start, end = KINDS[rnd.randrange(len(KINDS))]
            lead = rnd.sample(BODIES, 1)
            tasks.append({"id": str(t + 1), "source": "appendix", "group": "I. NHIỆM VỤ",
                          "text": f"Nhiệm vụ {t + 1} của kế hoạch {n}: triển khai nội dung {rnd.randrange(10**6)}",
                          "lead": lead, "support": [b for b in rnd.sample(BODIES, 2) if b not in lead],
                          "deadline_raw": raw,
                          "deadline": {"kind": kind, "start": start, "end": end,
                                       "recurrence": "P1Y" if kind == "recurring" else None}})
        inds = [{"text": f"Chỉ tiêu {i + 1} của kế hoạch {n} đạt ít nhất {10 * (i + 1)}%", "target_year": 2030,
                 "values": [{"value": 10 * (i + 1), "unit": "%", "comparator": ">="}],
                 "sources": [refs[-1]["key"].split("@")[0]], "task_id": str(i + 1)}
                for i in range(indicators_per_plan)]
        ex = Extraction.model_validate({
            "seed": f"synthetic-{n}",
            "document": {"doc_type": "Kế hoạch", "symbol_template": "KH-UBND", "jurisdiction": prov,
                         "issuer": f"Ủy ban nhân dân {prov}", "year": 2026, "title": f"Kế hoạch tổng hợp số {n}"},
            "references": refs, "chains": chains, "tasks": tasks, "indicators": inds})
        file = f"synthetic/{prov}/plan-{n:05d}.txt"
        yield file, hashlib.sha256(file.encode()).hexdigest(), ex
