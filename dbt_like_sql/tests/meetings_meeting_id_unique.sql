-- Each meeting appears once: meeting_id is unique in meetings.
select meeting_id, count(*) as row_count
from meetings
group by meeting_id
having count(*) > 1
