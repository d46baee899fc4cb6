"""Every importer on fixture files the tests write, including the ugly cases of real exports."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from mizaan.ingest import ImportReport, Store

GOOGLE = (
    "Campaign report\n"
    '"July 8, 2025 - July 31, 2025"\n'
    "Campaign status,Campaign,Budget,Campaign type,Currency code,Impr.,Interactions,Cost,Conversions,"
    "Conv. value,Search lost IS (budget)\n"
    'Enabled,Brand Exact,"1,000.00",Search,SAR,"25,881",812,"1,234.56",31.00,"8,680.00",< 10%\n'
    "Enabled,RLSA remarketing,100.00,Search,SAR,900,10,12.00,0.00, --, --\n"
    "Paused,YouTube launch,50.00,Video,SAR,0,0,0.00,0.00, --, --\n"
    'Total: Campaigns,,,,,"26,781",822,"1,246.56",31.00,"8,680.00",\n'
    'Total: Account,,,,,"26,781",822,"1,246.56",31.00,"8,680.00",\n'
)


def spend(store: Path) -> list[dict[str, object]]:
    with Store(store, read_only=True) as st:
        return st.table("spend").to_pylist()


def test_google_ads_report_without_a_day_column_uses_the_reports_period(
    write: Callable[..., Path], run_import: Callable[..., ImportReport], tmp_path: Path
) -> None:
    report = run_import(write("Campaign report.csv", GOOGLE))
    assert report.rejected == []
    rows = {r["campaign"]: r for r in spend(tmp_path / "store.duckdb")}
    brand = rows["Brand Exact"]
    assert (str(brand["date"]), str(brand["date_end"])) == ("2025-07-08", "2025-07-31")
    assert brand["cost"] == Decimal("1234.56") and brand["impressions"] == 25881
    assert rows["RLSA remarketing"]["channel"] == "retargeting"
    assert rows["RLSA remarketing"]["platform_conversion_value"] is None  # " --" is not available, not zero
    assert rows["YouTube launch"]["channel"] == "social_ads"
    assert sum(s.records for s in report.skipped if "total" in s.reason) == 2


def test_a_german_google_ads_export_with_decimal_commas_is_read(
    write: Callable[..., Path], run_import: Callable[..., ImportReport], tmp_path: Path
) -> None:
    text = (
        "Kampagnenbericht\n\nTag;Kampagne;Währungscode;Kosten;Impr.;Klicks;Conversions\n"
        "08.07.2025;Marke;EUR;1.234,56;2.000;40;3,00\n09.07.2025;Marke;EUR;99,10;300;5;0,00\n"
    )
    report = run_import(write("bericht.csv", text))
    assert report.rejected == []
    costs = sorted(r["cost"] for r in spend(tmp_path / "store.duckdb"))
    assert costs == [Decimal("99.10"), Decimal("1234.56")]


def test_an_ambiguous_number_is_reported_not_guessed(
    write: Callable[..., Path], run_import: Callable[..., ImportReport]
) -> None:
    text = 'Day,Campaign,Currency code,Cost,Impr.\n2025-07-08,Brand,SAR,"1,234",10\n'
    report = run_import(write("g.csv", text))
    assert len(report.rejected) == 1
    bad = report.rejected[0]
    assert (bad.row, bad.column, bad.field) == (2, 4, "Cost")
    assert "--decimal" in bad.reason_en and "--decimal" in bad.reason_ar
    assert (
        run_import(
            write("g2.csv", text), store=Path(str(write("x", "").parent / "s2.duckdb")), decimal="point"
        ).rejected
        == []
    )


def test_meta_export_in_french_with_semicolons_and_currency_in_the_header(
    write: Callable[..., Path], run_import: Callable[..., ImportReport], tmp_path: Path
) -> None:
    text = (
        "Jour;Nom de la campagne;Montant dépensé (EUR);Impressions;Résultats;Indicateur de résultat\n"
        "2025-03-01;Printemps;12,50;1000;2;actions:offsite_conversion.fb_pixel_purchase\n"
        "2025-03-01;Leads;7,25;500;4;actions:lead\n"
    )
    report = run_import(write("meta.csv", text))
    assert report.rejected == []
    rows = {r["campaign"]: r for r in spend(tmp_path / "store.duckdb")}
    assert rows["Printemps"]["currency"] == "EUR" and rows["Printemps"]["cost"] == Decimal("12.5")
    assert rows["Printemps"]["platform_conversions"] == 2  # purchases count
    assert rows["Leads"]["platform_conversions"] is None  # leads are not purchases
    assert rows["Leads"]["platform"] == "meta" and rows["Leads"]["channel"] == "social_ads"


def test_meta_export_in_arabic_windows_1256_with_arabic_indic_digits(
    write: Callable[..., Path], run_import: Callable[..., ImportReport], tmp_path: Path
) -> None:
    header = "اليوم,اسم الحملة,المبلغ الذي تم إنفاقه (SAR),مرات الظهور\n"
    windows = run_import(write("meta-ar.csv", header + "2025-03-01,حملة رمضان,123.45,1000\n", encoding="cp1256"))
    assert windows.rejected == []
    assert any("Windows-1256" in n for n in windows.notes)  # said, so the user can correct it
    digits = run_import(write("meta-ar2.csv", header + "٢٠٢٥-٠٣-٠٢,حملة رمضان,١٢٣٫٤٥,١٬٠٠٠\n"))
    assert digits.rejected == []
    rows = spend(tmp_path / "store.duckdb")
    assert {r["campaign"] for r in rows} == {"حملة رمضان"}
    assert all(r["cost"] == Decimal("123.45") and r["impressions"] == 1000 for r in rows)


def test_tiktok_and_snapchat_exports(
    write: Callable[..., Path], run_import: Callable[..., ImportReport], tmp_path: Path
) -> None:
    tiktok = (
        "By Day,Campaign name,Currency,Cost,Impressions,Clicks (destination),Complete payment,"
        "Total complete payment value\n2025-02-01,Spark,SAR,50.00,4000,30,2,560.00\n"
    )
    snap = (
        "Start time\tEnd time\tCampaign Name\tCurrency\tAmount Spent\tPaid Impressions\tSwipe Ups\n"
        "2025-02-01 00:00:00\t2025-02-01 00:00:00\tStory\tSAR\t20.00\t1500\t12\n"
    )
    report = run_import(write("tiktok.csv", tiktok), write("snap.txt", "\ufeff" + snap, encoding="utf-16-le"))
    assert report.rejected == []
    assert {f.format for f in report.files} == {"tiktok", "snapchat"}
    rows = {r["platform"]: r for r in spend(tmp_path / "store.duckdb")}
    assert rows["snapchat"]["clicks"] == 12 and rows["tiktok"]["platform_conversion_value"] == Decimal("560")


SHOPIFY = (
    "Name,Email,Financial Status,Currency,Total,Discount Code,Discount Amount,Created at,Lineitem quantity,"
    "Lineitem name,Note Attributes,Id\n"
    "#1001,a@example.com,paid,SAR,280.00,NOURA10,28.00,2025-05-11 09:55:16 +0300,1,Oud,"
    '"utm_source: instagram\n'
    'utm_medium: influencer\nutm_campaign: micro-noura",5001\n'
    "#1001,,,,,,,,2,Bakhoor,,\n"
    "#1002,B@Example.com,paid,SAR,99.50,,0.00,2025-05-11 23:10:00 -0400,1,Musk,,5002\n"
    "#1003,c@example.com,paid,SAR,oops,,,2025-05-12 10:00:00 +0300,1,Musk,,5003\n"
    "#1003,,,,,,,,1,Rose,,\n"
)


def test_shopify_orders_one_row_per_line_item(
    write: Callable[..., Path], run_import: Callable[..., ImportReport], tmp_path: Path
) -> None:
    report = run_import(write("orders_export.csv", SHOPIFY))
    with Store(tmp_path / "store.duckdb", read_only=True) as st:
        orders = {r["order_id"]: r for r in st.table("orders").to_pylist()}
    assert set(orders) == {"#1001", "#1002"}
    first = orders["#1001"]
    assert first["revenue"] == Decimal("280") and first["discount_code"] == "NOURA10"
    assert first["utm_medium"] == "influencer" and first["channel"] == "influencer_micro"
    assert str(orders["#1002"]["time"]) == "2025-05-12 03:10:00+00:00"  # -0400 read as given, stored UTC
    assert orders["#1002"]["customer_id"] == "B@Example.com"  # IDs keep their case
    rows = {(r.row, r.field) for r in report.rejected}
    assert rows == {(7, "Total"), (8, None)}  # the bad total (its record starts on line 7), and its line item


def test_zid_orders_local_times_need_a_time_zone(
    write: Callable[..., Path], run_import: Callable[..., ImportReport], tmp_path: Path
) -> None:
    doc = {
        "status": "object",
        "orders": [
            {
                "id": 39018491,
                "invoice_number": 39018491,
                "currency": "SAR",
                "customer": {"id": 257},
                "total": "100.00000000000000",
                "created_at": "2026-01-30 15:56:02",
            },
            {
                "id": 39018292,
                "invoice_number": 39018292,
                "currency": "SAR",
                "customer": {"id": 6},
                "total": "223.56000086523000",
                "created_at": "2026-01-21 13:01:46",
                "coupon": {"code": "P2ZAHN", "discount_amount": "10"},
            },
        ],
    }
    path = write("zid.json", json.dumps(doc))
    refused = run_import(path)
    assert len(refused.rejected) == 2 and all("--timezone" in r.reason_en for r in refused.rejected)
    report = run_import(path, store=tmp_path / "z.duckdb", timezone="Asia/Riyadh")
    assert report.rejected == []
    with Store(tmp_path / "z.duckdb", read_only=True) as st:
        orders = {r["order_id"]: r for r in st.table("orders").to_pylist()}
        assert st.setting("timezone") == "Asia/Riyadh"  # remembered for the next import
    assert orders["39018292"]["revenue"] == Decimal("223.56000086523")  # nothing rounded away
    assert str(orders["39018491"]["time"]) == "2026-01-30 12:56:02+00:00"


def test_salla_and_woocommerce_api_json(
    write: Callable[..., Path], run_import: Callable[..., ImportReport], tmp_path: Path
) -> None:
    salla = {
        "status": 200,
        "success": True,
        "data": [
            {
                "id": 1,
                "reference_id": 2435,
                "date": {"date": "2025-01-29 14:07:52.000000", "timezone": "Asia/Riyadh"},
                "amounts": {"total": {"amount": 500, "currency": "SAR"}},
                "customer": {"id": 9},
                "coupon": {"code": "Sara10"},
            }
        ],
    }
    woo = [
        {
            "id": 77,
            "number": "77",
            "currency": "AED",
            "date_created_gmt": "2025-02-01T10:00:00",
            "total": "42.10",
            "customer_id": 5,
            "coupon_lines": [],
            "meta_data": [
                {"key": "_wc_order_attribution_source_type", "value": "organic"},
                {"key": "_wc_order_attribution_referrer", "value": "https://www.google.com/"},
            ],
        }
    ]
    report = run_import(write("salla.json", json.dumps(salla)), write("woo.json", json.dumps(woo)))
    assert report.rejected == []
    with Store(tmp_path / "store.duckdb", read_only=True) as st:
        orders = {r["shop"]: r for r in st.table("orders").to_pylist()}
    assert orders["salla"]["discount_code"] == "Sara10" and str(orders["salla"]["time"]) == "2025-01-29 11:07:52+00:00"
    assert orders["woocommerce"]["currency"] == "AED" and orders["woocommerce"]["channel"] == "seo"


def test_woocommerce_csv_with_attribution_columns(
    write: Callable[..., Path], run_import: Callable[..., ImportReport], tmp_path: Path
) -> None:
    text = (
        "Order ID,date_created_gmt,Order Total,Currency,Coupon Code,meta:_wc_order_attribution_source_type,"
        "meta:_wc_order_attribution_utm_source,meta:_wc_order_attribution_utm_medium\n"
        "101,2025-02-01T10:00:00Z,120.00,SAR,,utm,instagram,influencer\n"
        "102,2025-02-01T11:00:00Z,80.00,SAR,,typein,,\n"
    )
    report = run_import(write("woo.csv", text))
    assert report.rejected == []
    with Store(tmp_path / "store.duckdb", read_only=True) as st:
        channels = {r["order_id"]: r["channel"] for r in st.table("orders").to_pylist()}
    assert channels == {"101": "influencer_untiered", "102": "direct"}


def test_ga4_newline_json_with_missing_users_and_a_repeated_purchase(
    write: Callable[..., Path], run_import: Callable[..., ImportReport], tmp_path: Path
) -> None:
    def ev(name: str, ts: int, user: str | None, **extra: object) -> str:
        return json.dumps(
            {
                "event_name": name,
                "event_timestamp": ts,
                "user_pseudo_id": user,
                "event_params": [{"key": "ga_session_id", "value": {"int_value": ts // 1_000_000}}],
                **extra,
            }
        )

    lines = [
        ev(
            "session_start",
            1735700000000001,
            "u1",
            collected_traffic_source={
                "manual_source": "instagram",
                "manual_medium": "influencer",
                "manual_campaign_name": "nano-reem",
            },
        ),
        ev("page_view", 1735700000000002, "u1"),
        ev("session_start", 1735700100000000, "u2"),
        ev("session_start", 1735700200000000, None),
        ev("purchase", 1735700300000000, "u1", ecommerce={"transaction_id": "T1", "purchase_revenue": 280.1}),
        ev("purchase", 1735700300000000, "u1", ecommerce={"transaction_id": "T1", "purchase_revenue": 280.1}),
    ]
    report = run_import(write("events.ndjson", "\n".join(lines) + "\n"))
    assert report.read == {"touchpoints": 2, "conversions": 1}
    assert sorted((r.row, r.reason_en[:10]) for r in report.rejected) == [
        (4, "a required"),
        (6, "a repeat: "),
    ]
    with Store(tmp_path / "store.duckdb", read_only=True) as st:
        tps = {r["user_id"]: r for r in st.table("touchpoints").to_pylist()}
        (conv,) = st.table("conversions").to_pylist()
    assert tps["u1"]["channel"] == "influencer_nano"  # GA4 would say Organic Social
    assert tps["u2"]["channel"] == "direct"
    assert conv["value"] == Decimal("280.1") and conv["order_id"] == "T1"


def test_influencer_sheet_in_arabic_gives_tiers_and_teaches_promo_codes(
    write: Callable[..., Path], run_import: Callable[..., ImportReport], tmp_path: Path
) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["التاريخ", "المؤثر", "عدد المتابعين", "التكلفة", "العملة", "المشاهدات", "كود الخصم"])
    ws.append(["2025-03-01", "noura.style", 45000, 1800, "SAR", 30000, "NOURA10"])
    ws.append(["2025-03-02", "nobody", None, 100, "SAR", 10, None])
    path = tmp_path / "deals.xlsx"
    wb.save(path)
    orders = write(
        "orders_export.csv",
        SHOPIFY.split("#1002")[0]
        .rsplit("\n", 1)[0]
        .replace("utm_source: instagram\nutm_medium: influencer\nutm_campaign: micro-noura", "")
        + "\n",
    )
    report = run_import(orders, path)
    assert [(r.row, r.field) for r in report.rejected] == [(3, "tier")]
    with Store(tmp_path / "store.duckdb", read_only=True) as st:
        (post,) = st.table("influencer_posts").to_pylist()
        (order,) = st.table("orders").to_pylist()
    assert post["tier"] == "micro" and post["channel"] == "influencer_micro"
    assert order["channel"] == "influencer_micro"  # by its promo code, though the sheet came after the orders


def test_generic_csv_with_a_mapping_file(
    write: Callable[..., Path], run_import: Callable[..., ImportReport], tmp_path: Path
) -> None:
    write(
        "visits.csv.mapping.yaml",
        "table: touchpoints\ncolumns: {user_id: who, time: at, kind: what, "
        "source: src, medium: med}\nconstants: {system: crm}\n",
    )
    data = write(
        "visits.csv",
        "who,at,what,src,med\nAbC,2025-01-01T10:00:00Z,visit,google,cpc\nx,not a time,visit,google,cpc\n",
    )
    report = run_import(data)
    assert [(r.row, r.field) for r in report.rejected] == [(3, "at")]
    with Store(tmp_path / "store.duckdb", read_only=True) as st:
        (row,) = st.table("touchpoints").to_pylist()
    assert row["user_id"] == "AbC" and row["channel"] == "search_ads" and row["system"] == "crm"


def test_a_file_of_no_known_format_is_reported_whole(
    write: Callable[..., Path], run_import: Callable[..., ImportReport]
) -> None:
    report = run_import(write("notes.csv", "a,b\n1,2\n"))
    (bad,) = report.rejected
    assert bad.row is None and "--source-format" in bad.reason_en


@pytest.mark.parametrize("bom,encoding", [(b"", "utf-8"), (b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le")])
def test_encodings_excel_writes(
    bom: bytes, encoding: str, write: Callable[..., Path], run_import: Callable[..., ImportReport]
) -> None:
    text = "Day,Campaign,Currency code,Cost,Impr.\n2025-07-08,حملة,SAR,10.50,7\n"
    report = run_import(write("g.csv", bom + text.encode(encoding)))
    assert report.rejected == [] and report.read == {"spend": 1}


def test_generic_parquet_rejects_rows_missing_required_values(
    tmp_path: Path, run_import: Callable[..., ImportReport]
) -> None:
    import datetime as dt

    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "log.parquet"
    pq.write_table(
        pa.table(
            {
                "who": ["Ab", None, "Cd"],
                "at": [dt.datetime(2025, 1, 1, tzinfo=dt.UTC)] * 3,
                "what": ["view", "view", "click"],
                "ch": ["influencer_nano", "seo", "tv"],
            }
        ),
        path,
    )
    (tmp_path / "log.parquet.mapping.yaml").write_text(
        "table: touchpoints\ncolumns: {user_id: who, time: at, kind: what, channel: ch}\nconstants: {system: x}\n"
    )
    report = run_import(path)
    assert report.read == {"touchpoints": 1}
    assert sorted((r.row, r.field) for r in report.rejected) == [(2, "user_id"), (3, "channel")]
