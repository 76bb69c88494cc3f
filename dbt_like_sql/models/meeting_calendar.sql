-- Meetings in date order, with place, convener, participant countries as a readable list and the
-- number of articles reporting each.

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

participants_per_meeting as (
    select
        meeting_id,
        string_agg(name, ', ' order by name) filter (where participant_kind = 'country') as participant_countries,
        count(*) filter (where participant_kind = 'country') as country_count,
        string_agg(name, ', ' order by name) filter (where participant_kind = 'organization') as organizations,
        count(*) filter (where participant_kind = 'person') as person_count
    from meeting_participants
    group by meeting_id
)

select
    meetings.meeting_id,
    meetings.start_date,
    meetings.end_date,
    meetings.date_precision,
    meetings.name,
    meetings.meeting_format,
    meetings.city,
    meetings.country_iso3,
    host.name as country_name,
    meetings.convener,
    meetings.convener_iso3,
    participants_per_meeting.participant_countries,
    coalesce(participants_per_meeting.country_count, 0) as country_count,
    participants_per_meeting.organizations,
    coalesce(participants_per_meeting.person_count, 0) as person_count,
    meetings.article_count,
    meetings.first_reported_date,
    meetings.source_count,
    meetings.max_confidence,
    meetings.first_url
from meetings
left join participants_per_meeting using (meeting_id)
left join countries as host on host.iso3 = meetings.country_iso3
order by meetings.start_date nulls last, meetings.meeting_id
