-- How often two countries met on critical minerals: one row per pair of countries that took part
-- in the same meeting, an edge list for network analysis.

with

meetings as (
    select * from meetings
),

meeting_participants as (
    select * from meeting_participants
),

countries as (
    select * from countries
),

meeting_countries as (
    select distinct
        meeting_id,
        country_iso3
    from meeting_participants
    where participant_kind = 'country' and country_iso3 is not null
),

pairs as (
    select
        a.meeting_id,
        a.country_iso3 as country_a_iso3,
        b.country_iso3 as country_b_iso3
    from meeting_countries as a
    inner join meeting_countries as b
        on b.meeting_id = a.meeting_id and a.country_iso3 < b.country_iso3
),

pair_meetings as (
    select
        pairs.country_a_iso3,
        pairs.country_b_iso3,
        count(*) as meeting_count,
        count(*) filter (where meetings.meeting_format = 'bilateral') as bilateral_count,
        count(*) filter (where meetings.meeting_format = 'multilateral') as multilateral_count,
        min(meetings.start_date) as first_met_date,
        max(meetings.start_date) as last_met_date,
        list(pairs.meeting_id order by meetings.start_date nulls last, pairs.meeting_id) as meeting_ids
    from pairs
    inner join meetings using (meeting_id)
    group by pairs.country_a_iso3, pairs.country_b_iso3
)

select
    pair_meetings.country_a_iso3,
    a.name as country_a_name,
    pair_meetings.country_b_iso3,
    b.name as country_b_name,
    pair_meetings.meeting_count,
    pair_meetings.bilateral_count,
    pair_meetings.multilateral_count,
    pair_meetings.first_met_date,
    pair_meetings.last_met_date,
    pair_meetings.meeting_ids
from pair_meetings
left join countries as a on a.iso3 = pair_meetings.country_a_iso3
left join countries as b on b.iso3 = pair_meetings.country_b_iso3
order by pair_meetings.meeting_count desc, pair_meetings.country_a_iso3, pair_meetings.country_b_iso3
