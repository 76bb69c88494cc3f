-- No meeting ends before it starts.
select meeting_id, name, start_date, end_date
from meetings
where end_date < start_date
