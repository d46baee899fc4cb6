"""Write the example vetting files under examples/vetting/: 50 made-up Gulf and Egyptian creators with
their recent posts, and, for a few of them, follower history, audience breakdowns and a follower sample.

    python tools/make_vetting_examples.py

Every account, name and number is invented (a fixed seed makes the files the same on every run). Some
creators are built to show what vetting catches: bought followers (engagement far below the tier, a
round jump in the history, a suspicious follower sample), bought likes (likes too even), engagement
pods (generic repeated comments), brand-safety words, a missing licence, an audience abroad.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parents[1] / "examples" / "vetting"
TODAY = dt.date(2025, 6, 30)

# handle, name, platform, followers, niche, country, city, language, price, currency, kind
CREATORS = [
    ("oud_noura", "نورة العطور", "instagram", 48_200, "fragrance, beauty", "SA", "الرياض", "ar", 2200, "SAR", "good"),
    ("bakhoor_house_sa", "بيت البخور", "instagram", 12_900, "fragrance", "SA", "الرياض", "ar", 900, "SAR", "good"),
    ("reem.beauty", "ريم", "instagram", 86_000, "beauty, makeup", "SA", "جدة", "ar", 3800, "SAR", "good"),
    ("abeer_style", "عبير", "instagram", 23_400, "fashion, abaya", "SA", "الرياض", "ar", 1400, "SAR", "good"),
    ("lama.daily", "لمى", "snapchat", 140_000, "lifestyle", "SA", "الرياض", "ar", 6500, "SAR", "good"),
    ("saud_reviews", "سعود", "youtube", 310_000, "tech", "SA", "الرياض", "ar", 15000, "SAR", "good"),
    ("haya_makeup", "هيا", "tiktok", 61_000, "beauty", "SA", "الدمام", "ar", 2600, "SAR", "good"),
    ("mishari.eats", "مشاري", "instagram", 39_500, "food", "SA", "الرياض", "ar", 1800, "SAR", "good"),
    ("ghala_perfumes", "غلا", "instagram", 7_800, "fragrance", "SA", "الرياض", "ar", 450, "SAR", "good"),
    ("nada.skin", "ندى", "instagram", 15_600, "skincare, beauty", "SA", "جدة", "ar", 1100, "SAR", "good"),
    ("jude_fashionista", "جود", "tiktok", 205_000, "fashion", "SA", "جدة", "ar", 7000, "SAR", "good"),
    ("faisal_fit", "فيصل", "instagram", 54_000, "fitness", "SA", "الرياض", "ar", 2000, "SAR", "good"),
    ("shahad.home", "شهد", "instagram", 9_400, "home, decor", "SA", "الخبر", "ar", 600, "SAR", "good"),
    ("majed_comedy", "ماجد", "tiktok", 920_000, "comedy", "SA", "الرياض", "ar", 22000, "SAR", "good"),
    ("rawan.oud", "روان", "instagram", 4_300, "fragrance, lifestyle", "SA", "الرياض", "ar", 250, "SAR", "good"),
    ("sara_glam", "سارة", "instagram", 132_000, "beauty", "SA", "الرياض", "ar", 5200, "SAR", "bought_followers"),
    ("queen_abaya", "ملكة العبايات", "instagram", 97_000, "fashion", "SA", "جدة", "ar", 3500, "SAR", "bought_likes"),
    ("lulu.vibes", "لولو", "instagram", 44_000, "lifestyle, beauty", "SA", "الرياض", "ar", 1900, "SAR", "pods"),
    ("turki_nights", "تركي", "instagram", 71_000, "lifestyle", "SA", "جدة", "ar", 2800, "SAR", "unsafe"),
    ("dana.perfume", "دانة", "instagram", 26_000, "fragrance", "SA", "الرياض", "ar", 1300, "SAR", "no_licence"),
    ("amira_dxb", "Amira", "instagram", 58_000, "beauty, fashion", "AE", "Dubai", "en, ar", 4200, "AED", "good"),
    ("mariam.scents", "مريم", "instagram", 18_300, "fragrance", "AE", "Dubai", "ar", 1600, "AED", "good"),
    ("khalid_auh", "خالد", "instagram", 33_000, "cars, lifestyle", "AE", "Abu Dhabi", "ar", 2400, "AED", "good"),
    ("noor.dubai", "Noor", "tiktok", 480_000, "lifestyle", "AE", "Dubai", "en", 18000, "AED", "good"),
    ("hessa_beauty", "حصة", "instagram", 11_200, "beauty", "AE", "Sharjah", "ar", 900, "AED", "good"),
    ("zayed.food", "زايد", "instagram", 27_000, "food", "AE", "Dubai", "ar, en", 1900, "AED", "good"),
    ("luxe_dxb", "Luxe", "instagram", 215_000, "fashion", "AE", "Dubai", "en", 9500, "AED", "bought_followers"),
    ("shamma.style", "شما", "instagram", 6_200, "fashion", "AE", "Dubai", "ar", 500, "AED", "good"),
    ("yasmin_cairo", "ياسمين", "instagram", 350_000, "beauty, makeup", "EG", "Cairo", "ar", 45000, "EGP", "good"),
    ("omar.eats.eg", "عمر", "tiktok", 1_250_000, "food, comedy", "EG", "Cairo", "ar", 120000, "EGP", "good"),
    ("hana_alex", "هنا", "instagram", 42_000, "fashion", "EG", "Alexandria", "ar", 9000, "EGP", "good"),
    ("mostafa_tech", "مصطفى", "youtube", 760_000, "tech", "EG", "Cairo", "ar", 80000, "EGP", "good"),
    ("nour.skin.eg", "نور", "instagram", 19_500, "skincare", "EG", "Cairo", "ar", 5000, "EGP", "good"),
    ("farida_mom", "فريدة", "instagram", 64_000, "family, parenting", "EG", "Giza", "ar", 12000, "EGP", "good"),
    ("karim.fit", "كريم", "instagram", 120_000, "fitness", "EG", "Cairo", "ar", 20000, "EGP", "bought_likes"),
    ("salma_vlogs", "سلمى", "youtube", 95_000, "lifestyle", "EG", "Cairo", "ar", 15000, "EGP", "good"),
    ("dalal.kw", "دلال", "instagram", 73_000, "beauty", "KW", "Kuwait City", "ar", 450, "KWD", "good"),
    ("bader_q8", "بدر", "snapchat", 160_000, "comedy, lifestyle", "KW", "Kuwait City", "ar", 800, "KWD", "good"),
    ("fatma.q8.perfume", "فاطمة", "instagram", 21_000, "fragrance", "KW", "Kuwait City", "ar", 180, "KWD", "good"),
    ("aisha_bh", "عائشة", "instagram", 14_800, "fashion", "BH", "Manama", "ar", 160, "BHD", "good"),
    ("hamad.qa", "حمد", "instagram", 37_000, "cars", "QA", "Doha", "ar", 2500, "QAR", "good"),
    ("latifa_muscat", "لطيفة", "instagram", 8_900, "home", "OM", "Muscat", "ar", 90, "OMR", "good"),
    ("joud.perfumes", "جود للعطور", "tiktok", 29_000, "fragrance", "SA", "الرياض", "ar", 1500, "SAR", "good"),
    ("asma.makeup.sa", "أسماء", "instagram", 2_900, "beauty", "SA", "الرياض", "ar", 200, "SAR", "good"),
    ("yara_reviews", "يارا", "instagram", 170_000, "beauty, fragrance", "SA", "الرياض", "ar, en", 6800, "SAR", "pods"),
    ("wafa.travel", "وفاء", "instagram", 52_000, "travel", "SA", "جدة", "ar", 2100, "SAR", "good"),
    ("london_oud_lover", "Layla", "instagram", 66_000, "fragrance", "GB", "London", "en", 700, "USD", "good"),
    ("abdullah.games", "عبدالله", "tiktok", 390_000, "gaming", "SA", "الرياض", "ar", 9000, "SAR", "good"),
    ("munira_gift", "منيرة", "instagram", 16_700, "lifestyle, fragrance", "SA", "الرياض", "ar", 850, "SAR", "good"),
    ("new_creator_sa", "حساب جديد", "instagram", 5_100, "beauty", "SA", "الرياض", "ar", 300, "SAR", "no_posts"),
]

ER = {"instagram": 0.03, "tiktok": 0.09, "snapchat": 0.02, "youtube": 0.02}
CAPTIONS_AR = [
    "صباح الخير من {city} ☕",
    "روتيني اليومي",
    "تجربتي الصادقة",
    "أجواء الويكند",
    "وش رأيكم بهذا الإطلالة؟",
    "جديد اليوم",
    "لقطات من يومي",
    "سؤال لكم: وش تفضلون؟",
    "شكرًا على الحب",
    "رحلة قصيرة",
]
SPONSORED_AR = ["#اعلان مع {brand} استخدموا كود الخصم NOOR10", "#إعلان تجربتي مع {brand}", "شراكة مدفوعة مع {brand}"]
BRANDS = ["عطور الوادي", "دار المسك", "بيوتي لاين", "ستايل هب", "كافيه أرابيكا"]
GOOD_COMMENTS = [
    "وين ألقاه؟",
    "كم سعره؟",
    "جربته وفعلاً ريحته ثابتة",
    "ينفع للبشرة الحساسة؟",
    "اللون يجنن عليك، وش رقمه؟",
    "طلبت منه بعد ما شفت الفيديو",
    "هل يوصل لجدة؟",
    "Where can I buy it?",
    "does it last all day?",
    "ممكن رابط؟",
    "الريحة تذكرني ببيت جدتي",
    "جربت الكود وما اشتغل",
    "أحلى مراجعة شفتها",
    "عندي نفس العطر وأحبه",
]
OPENERS = ["", "والله ", "يا ", "صراحة ", "ما شاء الله ", "honestly ", "", "اختي "]
TAILS = ["", " 😍", " 🙏", " ❤️", "؟", " يا قلبي", " 👌", "!!"]
EXTRAS = ["", " بكرة", " للعيد", " لأمي", " هدية لأختي", " for my sister", " قبل رمضان", " من الرياض", " في جدة",
          " بعد التجربة", " للدوام", " with the code"]  # fmt: skip


def _comment(rng: np.random.Generator) -> str:
    """A varied real-looking comment: an opener, a question or remark, a tail."""
    pick = rng.integers(0, [len(OPENERS), len(GOOD_COMMENTS), len(EXTRAS), len(TAILS)])
    return f"{OPENERS[pick[0]]}{GOOD_COMMENTS[pick[1]]}{EXTRAS[pick[2]]}{TAILS[pick[3]]}".strip()


POD_COMMENTS = [
    "واو 😍😍", "ما شاء الله 🔥", "جميل جدا ❤️", "🔥🔥🔥", "nice pic", "wow amazing 😍", "👏👏", "❤️❤️❤️", "روعة",
    "follow me back please", "check my page for more", "تابعني وأتابعك",
]  # fmt: skip


def main() -> None:
    rng = np.random.default_rng(7)
    OUT.mkdir(parents=True, exist_ok=True)
    cand_rows, post_rows, hist_rows, aud_rows, fol_rows = [], [], [], [], []
    for i, (handle, name, platform, followers, niche, country, city, lang, price, currency, kind) in enumerate(
        CREATORS
    ):
        following = int(rng.integers(150, 1200))
        if kind == "bought_followers":
            following = int(followers * 0.6)
        licence = ""
        if country == "SA" and kind != "no_licence":
            licence = f"M-{100000 + i * 7919 % 899999}"
        if country == "AE":
            licence = f"UAE-AP-{20250 + i}"
        cand_rows.append(
            [handle, name, platform, followers, following, niche, country, city, lang, price, currency, licence]
        )
        if kind == "no_posts":
            continue
        n_posts = int(rng.integers(12, 21))
        base_er = ER[platform] * (followers / 30_000) ** -0.12
        if kind == "bought_followers":
            base_er *= 0.12
        days = np.sort(rng.choice(np.arange(1, 90), size=n_posts, replace=False))[::-1]
        for k, d in enumerate(days):
            date = TODAY - dt.timedelta(days=int(d))
            video = platform in ("tiktok", "youtube", "snapchat") or rng.random() < 0.45
            sponsored = rng.random() < 0.25
            er = base_er * float(rng.lognormal(0, 0.35)) * (0.75 if sponsored else 1.0)
            if kind == "pods" and k % 3 == 0:
                er *= 5.5
            interactions = followers * er
            likes = int(interactions * 0.96)
            if kind == "bought_likes":
                likes = int(followers * base_er * 0.96 * (1 + rng.normal(0, 0.02)))
            comments = max(0, int(interactions * (0.001 if kind == "bought_likes" else 0.035) * rng.lognormal(0, 0.3)))
            views = int(followers * rng.lognormal(np.log(0.35), 0.4)) if video else ""
            if kind == "bought_followers" and video:
                views = int(followers * rng.lognormal(np.log(0.02), 0.3))
            shares = int(likes * rng.uniform(0.01, 0.06))
            saves = int(likes * rng.uniform(0.02, 0.08))
            caption = (
                SPONSORED_AR[k % 3].format(brand=BRANDS[k % 5]) if sponsored else CAPTIONS_AR[k % 10].format(city=city)
            )
            if kind == "unsafe" and k in (2, 7):
                caption = "سهرة الويكند 🍾 casino night مع الشباب" if k == 2 else "bet now والفوز مضمون"
            if kind == "pods":
                sample = [POD_COMMENTS[int(j)] for j in rng.integers(0, len(POD_COMMENTS), 6)]
            else:
                sample = [_comment(rng) for _ in range(4)]
            post_rows.append(
                [handle, f"{handle}-{k + 1:02d}", date.isoformat(),
                 "video" if video else ("carousel" if k % 4 == 1 else "photo"), views, likes, comments, shares,
                 saves, caption, "yes" if sponsored else "no", " | ".join(sample)]
            )  # fmt: skip
        if (kind in ("bought_followers", "good") and i % 4 == 0) or kind == "bought_followers":
            count = followers * 0.93
            for w in range(13):
                day = TODAY - dt.timedelta(days=7 * (12 - w))
                if kind == "bought_followers" and w == 8:
                    count = int(count) + 10_000  # a package of 10K followers, bought at once
                else:
                    count *= 1 + rng.normal(0.006, 0.002)
                hist_rows.append([handle, day.isoformat(), int(count), following])
        if i % 3 == 0 or kind == "bought_followers":
            home = 0.72 if country in ("SA", "AE", "EG", "KW") else 0.08
            aud_rows += [
                [handle, "country", country, round(home * 100, 1)],
                [handle, "country", "other", round((1 - home) * 100, 1)],
                [handle, "age", "13-17", 8.0], [handle, "age", "18-24", 34.0], [handle, "age", "25-34", 38.0],
                [handle, "age", "35-44", 14.0], [handle, "age", "45+", 6.0],
                [handle, "gender", "female", 68.0 if "beauty" in niche or "fashion" in niche else 45.0],
            ]  # fmt: skip
        if kind in ("bought_followers",) or handle in ("oud_noura", "reem.beauty"):
            fake_share = 0.45 if kind == "bought_followers" else 0.08
            for _ in range(200):
                fake = rng.random() < fake_share
                if fake:
                    posts, fol, fing = int(rng.integers(0, 4)), int(rng.integers(0, 120)), int(rng.integers(900, 7400))
                    uname = f"user{int(rng.integers(1000, 99999))}"
                else:
                    posts, fol, fing = (
                        int(rng.integers(15, 900)),
                        int(rng.integers(80, 2500)),
                        int(rng.integers(100, 1100)),
                    )
                    uname = ["sara", "m.alharbi", "noura_k", "abdulaziz", "dalia.m", "fahad"][int(rng.integers(0, 6))]
                fol_rows.append([handle, uname, posts, fing, fol, "no" if fake and rng.random() < 0.4 else "yes", "no"])
    _write("candidates.csv", ["handle", "name", "platform", "followers", "following", "niche", "country", "city",
                              "language", "price per post", "currency", "licence"], cand_rows)  # fmt: skip
    _write("posts.csv", ["handle", "post id", "date", "type", "views", "likes", "comments", "shares", "saves",
                         "caption", "sponsored", "comment texts"], post_rows)  # fmt: skip
    _write("history.csv", ["handle", "date", "followers", "following"], hist_rows)
    _write("audience.csv", ["handle", "dimension", "segment", "share"], aud_rows)
    _write(
        "followers.csv",
        ["influencer", "username", "posts", "following", "followers", "has profile picture", "private"],
        fol_rows,
    )


def _write(name: str, header: list[str], rows: list[list[object]]) -> None:
    with (OUT / name).open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


if __name__ == "__main__":
    main()
